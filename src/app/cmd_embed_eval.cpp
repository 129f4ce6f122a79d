// `vec2midi embed-eval`: accuracy (with Wilson 95 % intervals), per-class recall, confusion matrix and
// pairwise same-class ROC-AUC of the embedder on a labelled folder, with the classical baseline measured
// in the same run. With --split, on one part of a photo split (split-photos), per source and overall, the
// baseline fitted on the split's train part.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "io/error.hpp"
#include "vision/colour_class.hpp"
#include "vision/embedder_evaluation.hpp"
#include "vision/logistic_regression.hpp"
#include "vision/photo_split.hpp"
#include "vision/training_record.hpp"

namespace vec2midi::app {

namespace fs = std::filesystem;

namespace {

struct EmbedEvalArgs {
  fs::path dir;
  fs::path embedder;
  std::vector<fs::path> also;  // other embedders measured on the same images in the same run
  bool held_out = false;
  std::optional<fs::path> split;
  std::string part = "validation";
  double baseline_l2 = vision::LogisticOptions{}.l2;
  bool quiet = false;
  bool json = false;
};

/// The images measured, each with its source ("" without a split).
struct EvalImages {
  std::vector<vision::LabelledImage> items;
  std::vector<std::string> sources;
  std::vector<vision::LabelledImage> baseline_train;  // with a split: its train part
};

EvalImages images_to_measure(const EmbedEvalArgs& args, const vision::EmbedderRecord& record) {
  EvalImages e;
  if (args.split) {
    const auto split = vision::read_photo_split(*args.split);
    const auto chosen = vision::named_part_items(split, *args.split, args.dir, args.part);
    e.items = vision::images_of(chosen);
    for (const auto& item : chosen) e.sources.push_back(item.source);
    e.baseline_train = vision::images_of(vision::split_items(split, args.dir, vision::SplitPart::train));
    return e;
  }
  e.items = vision::scan_folder_dataset(args.dir);
  if (args.held_out) {
    const auto keys = vision::held_out_keys(record.training, args.dir);
    if (keys.empty()) throw InputError(args.embedder.string() + ": the model records no held-out images (trained with --holdout 0?)");
    std::erase_if(e.items, [&](const auto& item) { return !keys.contains(item.key); });
    if (e.items.empty()) throw InputError(args.dir.string() + ": none of the model's held-out images are in this folder");
  }
  e.sources.assign(e.items.size(), "");
  return e;
}

/// Figures of one classifier's predictions on the images of one source.
nlohmann::json source_figures(const vision::EmbedderEvaluation& r, const vision::RowMatrix& points, const std::vector<int>& predicted,
                              const std::vector<std::string>& sources, const std::string& source) {
  std::vector<Eigen::Index> rows;
  std::vector<int> labels, chosen;
  for (size_t i = 0; i < sources.size(); ++i) {
    if (sources[i] != source) continue;
    rows.push_back(Eigen::Index(i));
    labels.push_back(r.labels[i]);
    chosen.push_back(predicted[i]);
  }
  return vision::to_json(vision::colour_metrics(points(rows, Eigen::all), labels, chosen, vision::kNumClasses));
}

std::vector<std::string> distinct_sources(const std::vector<std::string>& sources) {
  std::vector<std::string> names;
  for (const auto& s : sources) {
    if (!s.empty() && std::find(names.begin(), names.end(), s) == names.end()) names.push_back(s);
  }
  return names;
}

void print_confusion(const vision::ColourMetrics& m) {
  std::cout << "  confusion (rows: true, columns: predicted)\n        ";
  for (auto name : vision::kClassNames) std::cout << std::setw(7) << name.substr(0, 6);
  std::cout << "\n";
  for (size_t t = 0; t < m.confusion.size(); ++t) {
    std::cout << "  " << std::setw(6) << vision::kClassNames[t].substr(0, 6);
    for (int64_t count : m.confusion[t]) std::cout << std::setw(7) << count;
    std::cout << "\n";
  }
}

std::string shown(const nlohmann::json& v) {
  char text[32] = "n/a";
  if (v.is_number()) std::snprintf(text, sizeof text, "%.3f", v.get<double>());
  return text;
}

/// "0.948 [0.859, 0.982]" from a to_json(ColourMetrics) document.
std::string accuracy_text(const nlohmann::json& m) {
  return shown(m["accuracy"]) + " [" + shown(m["accuracy_interval"][0]) + ", " + shown(m["accuracy_interval"][1]) + "]";
}

void print_report(const EmbedEvalArgs& args, const vision::EmbedderEvaluation& r, const nlohmann::json& doc) {
  std::cout << std::fixed << std::setprecision(3) << args.dir.string() << ": " << r.cnn.n_images << " images"
            << (args.held_out ? " (held out in training)" : "")
            << (args.split ? " (" + args.part + " part of " + args.split->string() + "; baseline fitted on its train part)" : "")
            << "\n";
  for (const auto& [name, m] : {std::pair{"CNN (nearest colour centre)", &r.cnn}, std::pair{args.split ? "baseline (histograms, logistic regression)" : "baseline (hue histogram)", &r.baseline}}) {
    std::cout << name << ": accuracy " << accuracy_text(vision::to_json(*m)) << ", pairwise same-class AUC " << m->pairwise_auc
              << "\n  recall";
    for (size_t c = 0; c < m->recall.size(); ++c) std::cout << " " << vision::kClassNames[c] << "=" << m->recall[c];
    std::cout << "\n";
    print_confusion(*m);
  }
  for (const auto& [source, s] : doc["sources"].items()) {
    std::cout << "  " << std::left << std::setw(14) << source << std::right << std::setw(5) << s["cnn"]["n_images"].get<int64_t>()
              << " images: CNN " << accuracy_text(s["cnn"]) << ", baseline " << accuracy_text(s["baseline"]);
    for (const auto& o : doc["others"]) std::cout << ", " << fs::path(o["model"].get<std::string>()).filename().string() << " " << accuracy_text(o["sources"][source]);
    std::cout << "\n";
  }
  for (const auto& o : doc["others"]) {
    std::cout << o["model"].get<std::string>() << " (same images): accuracy " << accuracy_text(o)
              << ", pairwise same-class AUC " << shown(o["pairwise_auc"]) << "; its own baseline " << shown(o["baseline_accuracy"])
              << "\n";
  }
  for (const auto& item : doc["misclassified"]) {
    std::cout << "  misclassified by the CNN: " << item["image"].get<std::string>() << " -> " << item["predicted"].get<std::string>() << "\n";
  }
}

void run_embed_eval(const EmbedEvalArgs& args) {
  const vision::MeasuredEmbedder model = vision::read_measured_embedder(args.embedder);
  const EvalImages images = images_to_measure(args, model.record);
  auto r = vision::evaluate_embedder(model, images.items, !args.quiet);
  if (args.split) {  // the stronger baseline, trained on the split's train part
    const auto train = vision::baseline_features(images.baseline_train, model.record.baseline_options, !args.quiet);
    const auto fitted = vision::fit_logistic(train.features, train.labels, vision::kNumClasses, {.l2 = args.baseline_l2});
    r.baseline_predicted = vision::predict_logistic(fitted, r.features);
    r.baseline = vision::colour_metrics(r.features, r.labels, r.baseline_predicted, vision::kNumClasses);
  }
  nlohmann::json misclassified = nlohmann::json::array();
  for (size_t i = 0; i < r.keys.size(); ++i) {
    const int t = r.labels[i], p = r.cnn_predicted[i];
    const std::string where = images.sources[i].empty() ? r.keys[i] : images.sources[i] + "/" + r.keys[i];
    if (t != p) misclassified.push_back({{"image", where}, {"predicted", std::string(vision::kClassNames[size_t(p)])}});
  }
  nlohmann::json doc = vision::to_json(r.cnn);
  doc["dir"] = args.dir.string();
  doc["model"] = args.embedder.string();
  doc["held_out_only"] = args.held_out;
  doc["split"] = args.split ? nlohmann::json({{"file", args.split->string()}, {"part", args.part}}) : nlohmann::json(nullptr);
  doc["baseline_accuracy"] = vision::to_json(r.baseline)["accuracy"];
  doc["baseline"] = vision::to_json(r.baseline);
  doc["baseline"]["method"] = args.split ? "saliency-weighted hue and Lab histograms, logistic regression (L2 " +
                                               std::to_string(args.baseline_l2) + ")"
                                         : "saliency-weighted hue histogram, nearest centroid (Hellinger)";
  doc["baseline"]["fitted_on"] = args.split ? "the split's train part" : "the model's training images";
  doc["misclassified"] = misclassified;
  doc["sources"] = nlohmann::json::object();
  const auto sources = distinct_sources(images.sources);
  for (const auto& source : sources) {
    doc["sources"][source] = {{"cnn", source_figures(r, r.embeddings, r.cnn_predicted, images.sources, source)},
                              {"baseline", source_figures(r, r.features, r.baseline_predicted, images.sources, source)}};
  }
  doc["others"] = nlohmann::json::array();
  for (const auto& path : args.also) {
    const vision::MeasuredEmbedder other = vision::read_measured_embedder(path);
    const auto o = vision::evaluate_embedder(other, images.items, !args.quiet);
    nlohmann::json j = vision::to_json(o.cnn);
    j["model"] = path.string();
    j["baseline_accuracy"] = args.split ? nlohmann::json(nullptr) : vision::to_json(o.baseline)["accuracy"];  // split: one baseline
    j["sources"] = nlohmann::json::object();
    for (const auto& source : sources) j["sources"][source] = source_figures(o, o.embeddings, o.cnn_predicted, images.sources, source);
    doc["others"].push_back(j);
  }
  if (args.json) print_json(doc);
  else print_report(args, r, doc);
}

}  // namespace

void add_embed_eval_command(CLI::App& root) {
  auto args = std::make_shared<EmbedEvalArgs>();
  args->embedder = default_model_path("embedder.safetensors");
  auto* cmd = root.add_subcommand("embed-eval", "Measure the embedder and the classical baseline on a labelled folder");
  cmd->add_option("DIR", args->dir, "Folder with one sub-folder per colour class (with --split: the folder of the split's sources)")
      ->required();
  cmd->add_option("--embedder", args->embedder, "Embedder model file")->capture_default_str();
  cmd->add_option("--also", args->also,
                  "Another embedder file (e.g. from import-tflite) measured on the same images in the same run; repeatable")
      ->check(CLI::ExistingFile);
  auto* held_out = cmd->add_flag("--held-out", args->held_out, "Only the images the model's training run held out of DIR");
  cmd->add_option("--split", args->split,
                  "A photo split (split-photos): measure on its --part, per source and overall; the baseline is fitted on its train part")
      ->check(CLI::ExistingFile)
      ->excludes(held_out);
  cmd->add_option("--part", args->part, "With --split: validation (for choosing recipes) or test (final figures only)")
      ->check(CLI::IsMember({"train", "validation", "test"}))
      ->capture_default_str();
  cmd->add_option("--baseline-l2", args->baseline_l2, "With --split: L2 weight of the baseline's logistic regression")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_embed_eval(*args); });
}

}  // namespace vec2midi::app
