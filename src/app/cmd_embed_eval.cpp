// `vec2midi embed-eval`: accuracy, per-class recall, confusion matrix and pairwise same-class
// ROC-AUC of the embedder on a labelled folder, with the classical baseline measured in the same run.
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "io/error.hpp"
#include "vision/colour_class.hpp"
#include "vision/embedder_evaluation.hpp"
#include "vision/training_record.hpp"

namespace vec2midi::app {

namespace fs = std::filesystem;

namespace {

struct EmbedEvalArgs {
  fs::path dir;
  fs::path embedder;
  std::vector<fs::path> also;  // other embedders measured on the same images in the same run
  bool held_out = false;
  bool quiet = false;
  bool json = false;
};

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

void run_embed_eval(const EmbedEvalArgs& args) {
  auto model = vision::load_embedder_model(args.embedder);
  auto items = vision::scan_folder_dataset(args.dir);
  if (args.held_out) {
    const auto keys = vision::held_out_keys(model, args.dir);
    if (keys.empty()) throw InputError(args.embedder.string() + ": the model records no held-out images (trained with --holdout 0?)");
    std::erase_if(items, [&](const auto& item) { return !keys.contains(item.key); });
    if (items.empty()) throw InputError(args.dir.string() + ": none of the model's held-out images are in this folder");
  }
  const auto r = vision::evaluate_embedder(model, items, !args.quiet);
  nlohmann::json misclassified = nlohmann::json::array();
  for (size_t i = 0; i < r.keys.size(); ++i) {
    const auto t = r.labels[int64_t(i)].item<int64_t>(), p = r.cnn_predicted[int64_t(i)].item<int64_t>();
    if (t != p) misclassified.push_back({{"image", r.keys[i]}, {"predicted", std::string(vision::kClassNames[size_t(p)])}});
  }
  nlohmann::json doc = vision::to_json(r.cnn);
  doc["dir"] = args.dir.string();
  doc["model"] = args.embedder.string();
  doc["held_out_only"] = args.held_out;
  doc["baseline_accuracy"] = vision::to_json(r.baseline)["accuracy"];
  doc["baseline"] = vision::to_json(r.baseline);
  doc["baseline"]["method"] = "saliency-weighted hue histogram, nearest centroid (Hellinger)";
  doc["misclassified"] = misclassified;
  doc["others"] = nlohmann::json::array();
  for (const auto& path : args.also) {
    auto other = vision::load_embedder_model(path);
    const auto o = vision::evaluate_embedder(other, items, !args.quiet);
    nlohmann::json j = vision::to_json(o.cnn);
    j["model"] = path.string();
    j["baseline_accuracy"] = vision::to_json(o.baseline)["accuracy"];
    doc["others"].push_back(j);
  }
  if (args.json) {
    print_json(doc);
    return;
  }
  std::cout << std::fixed << std::setprecision(3) << args.dir.string() << ": " << r.cnn.n_images << " images"
            << (args.held_out ? " (held out in training)" : "") << "\n";
  for (const auto& [name, m] : {std::pair{"CNN (nearest colour centre)", &r.cnn}, std::pair{"baseline (hue histogram)", &r.baseline}}) {
    std::cout << name << ": accuracy " << m->accuracy << ", pairwise same-class AUC " << m->pairwise_auc << "\n  recall";
    for (size_t c = 0; c < m->recall.size(); ++c) std::cout << " " << vision::kClassNames[c] << "=" << m->recall[c];
    std::cout << "\n";
    print_confusion(*m);
  }
  const auto shown = [](const nlohmann::json& v) {
    char text[32] = "n/a";
    if (v.is_number()) std::snprintf(text, sizeof text, "%.3f", v.get<double>());
    return std::string(text);
  };
  for (const auto& o : doc["others"]) {
    std::cout << o["model"].get<std::string>() << " (same images): accuracy " << shown(o["accuracy"])
              << ", pairwise same-class AUC " << shown(o["pairwise_auc"]) << "; its own baseline " << shown(o["baseline_accuracy"])
              << "\n";
  }
  for (const auto& item : misclassified) {
    std::cout << "  misclassified by the CNN: " << item["image"].get<std::string>() << " -> " << item["predicted"].get<std::string>() << "\n";
  }
}

}  // namespace

void add_embed_eval_command(CLI::App& root) {
  auto args = std::make_shared<EmbedEvalArgs>();
  args->embedder = default_model_path("embedder.safetensors");
  auto* cmd = root.add_subcommand("embed-eval", "Measure the embedder and the classical baseline on a labelled folder");
  cmd->add_option("DIR", args->dir, "Folder with one sub-folder per colour class")->required();
  cmd->add_option("--embedder", args->embedder, "Embedder model file")->capture_default_str();
  cmd->add_option("--also", args->also,
                  "Another embedder file (e.g. from import-tflite) measured on the same images in the same run; repeatable")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--held-out", args->held_out, "Only the images the model's training run held out of DIR");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_embed_eval(*args); });
}

}  // namespace vec2midi::app
