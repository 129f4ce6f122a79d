// `vec2midi evaluate`: how well a transition separates colours by melody (MISSION.md §6; issue 6 item 5):
// ROC-AUC and TPR at FPR <= 1e-3 over all test pairs, the ROC curve and inter-class box plot as PNG,
// one MIDI per test item in a folder per class, and a report JSON.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "music/midi_io.hpp"
#include "search/charts.hpp"
#include "search/embedding_set.hpp"
#include "search/transition.hpp"
#include "search/transition_evaluation.hpp"
#include "search/transition_file.hpp"
#include "vae/fast_decoder.hpp"
#include "vae/model_io.hpp"
#include "vision/colour_class.hpp"
#include "vision/embedder_model.hpp"
#include "vision/gif_writer.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

struct EvaluateArgs {
  std::string model;
  std::string embedder;
  std::string transition;
  std::string test = "original";
  std::vector<int64_t> class_sizes;
  uint64_t data_seed = 0;
  search::TransitionEvaluationOptions options;
  std::string out_dir;
  bool json = false;
};

fs::path existing(const std::string& given, const char* default_name, const std::string& how_to_make) {
  const fs::path path = given.empty() ? default_model_path(default_name) : fs::path(given);
  if (!fs::is_regular_file(path)) throw InputError(path.string() + ": no such model file (make it with " + how_to_make + ")");
  return path;
}

void write_outputs(const fs::path& dir, const search::TransitionEvaluation& ev, const nlohmann::json& report) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir)) throw InputError(dir.string() + ": cannot create the output folder");
  // ROC curve with the chance diagonal.
  search::ChartSeries curve{.x = {}, .y = {}, .colour = cv::Scalar(200, 90, 30), .label = "ROC"};
  for (const auto& p : ev.roc.curve.points) {
    curve.x.push_back(p.fpr);
    curve.y.push_back(p.tpr);
  }
  search::ChartSeries chance{.x = {0.0, 0.5, 1.0}, .y = {0.0, 0.5, 1.0}, .colour = cv::Scalar(150, 150, 150), .label = "chance"};
  char title[160];
  std::snprintf(title, sizeof title, "AUC %.3f, sensitivity %.1f%% at FPR <= %.0e (%lld pairs)", ev.roc.auc,
                100.0 * ev.roc.tpr_at_max_fpr, ev.roc.max_fpr, static_cast<long long>(ev.n_pairs));
  vision::write_png(dir / "roc.png", search::draw_line_chart({chance, curve}, {.title = title, .x_label = "false positive rate",
                                                                                .y_label = "true positive rate", .fixed_x = true,
                                                                                .fixed_y = true}));
  // Inter-class distances: one box per class (its first test melody against the other classes' first ones).
  std::vector<search::BoxGroup> groups;
  const auto rows = search::interclass_groups(ev.interclass);
  for (size_t c = 0; c < rows.size(); ++c) groups.push_back({std::string(vision::kClassNames[c]), rows[c]});
  vision::write_png(dir / "interclass.png",
                    search::draw_box_plot(groups, {.title = "distance of each class's first test melody to the other classes",
                                                   .x_label = "class", .y_label = "distance"}));
  for (size_t i = 0; i < ev.melodies.size(); ++i) {
    const fs::path class_dir = dir / "midi" / std::string(vision::kClassNames[static_cast<size_t>(ev.labels[i])]);
    fs::create_directories(class_dir, ec);
    music::write_melody_midi(ev.melodies[i], class_dir / (std::to_string(i) + ".mid"));
  }
  io::write_file_atomic(dir / "report.json", report.dump(2) + "\n");
}

void run_evaluate(const EvaluateArgs& args) {
  const fs::path model_path = existing(args.model, "default_vae.safetensors", "`vec2midi train-vae` or `vec2midi import-magenta`");
  const fs::path embedder_path = existing(args.embedder, "embedder.safetensors", "`vec2midi train-embedder`");
  const fs::path transition_path = existing(args.transition, "transition_default.safetensors", "`vec2midi search`");
  vae::MusicVae model = vae::load_music_vae(model_path);
  const vae::FastDecoder decoder(*model);
  vision::EmbedderModel embedder = vision::load_embedder_model(embedder_path);
  const search::TransitionFile file = search::read_transition_file(transition_path);
  if (file.options.latent_size != model->options().z_size) {
    throw InputError(transition_path.string() + ": maps into a " + std::to_string(file.options.latent_size) +
                     "-d latent space, but " + model_path.string() + " has " + std::to_string(model->options().z_size));
  }
  search::EmbeddingSet test;
  if (args.test == "original") {
    search::OriginalSchemeOptions scheme;
    if (!args.class_sizes.empty()) scheme.class_sizes = args.class_sizes;
    scheme.seed = args.data_seed;
    test = search::original_scheme(embedder.centres, scheme).test;
  } else {
    test = search::embed_image_folder(embedder, args.test);  // raw embeddings, not snapped to centres
  }
  if (test.embeddings.size(1) != file.options.embedding_size) {
    throw InputError(transition_path.string() + ": expects " + std::to_string(file.options.embedding_size) +
                     "-d embeddings, the embedder gives " + std::to_string(test.embeddings.size(1)));
  }
  const search::Transition transition(file.options);
  const auto ev = search::evaluate_transition(decoder, transition, file.coefficients, test, args.options);
  nlohmann::json interclass = nlohmann::json::array();
  for (const auto& row : ev.interclass) {
    nlohmann::json r = nlohmann::json::array();
    for (double v : row) r.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json());
    interclass.push_back(r);
  }
  const nlohmann::json report = {{"auc", ev.roc.auc},
                                 {"tpr_at_fpr_1e-3", ev.roc.tpr_at_max_fpr},
                                 {"max_fpr", ev.roc.max_fpr},
                                 {"n_pairs", ev.n_pairs},
                                 {"n_test", static_cast<int64_t>(ev.melodies.size())},
                                 {"test", args.test},
                                 {"model", model_path.string()},
                                 {"embedder", embedder_path.string()},
                                 {"transition", transition_path.string()},
                                 {"steps", args.options.n_steps},
                                 {"interclass", interclass}};
  if (!args.out_dir.empty()) write_outputs(args.out_dir, ev, report);
  if (args.json) {
    print_json(report);
    return;
  }
  std::cout << "AUC " << ev.roc.auc << ", sensitivity " << 100.0 * ev.roc.tpr_at_max_fpr << " % at FPR <= "
            << ev.roc.max_fpr << " over " << ev.n_pairs << " pairs of " << ev.melodies.size() << " test melodies\n";
  if (!args.out_dir.empty()) std::cout << "wrote roc.png, interclass.png, midi/ and report.json to " << args.out_dir << "\n";
}

}  // namespace

void add_evaluate_command(CLI::App& root) {
  auto args = std::make_shared<EvaluateArgs>();
  auto* cmd = root.add_subcommand("evaluate", "ROC-AUC of a transition on the test colours, plots and MIDI per class");
  cmd->add_option("--model", args->model, "MusicVAE model file (default: models/default_vae.safetensors)");
  cmd->add_option("--embedder", args->embedder, "Embedder model file (default: models/embedder.safetensors)");
  cmd->add_option("--transition", args->transition, "Transition file (default: models/transition_default.safetensors)");
  cmd->add_option("--test", args->test,
                  "original (the original's centres + std/10 samples, last 5 % per class) or a folder of class folders of images")
      ->capture_default_str();
  cmd->add_option("--class-sizes", args->class_sizes, "With --test original: 9 items-per-class counts (default 250 each)")
      ->expected(9);
  cmd->add_option("--data-seed", args->data_seed, "With --test original: seed of the samples")->capture_default_str();
  cmd->add_option("--steps", args->options.n_steps, "Decoded 16th-note steps")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("-o,--out", args->out_dir, "Write roc.png, interclass.png, midi/<class>/*.mid and report.json here");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] {
    if (args->test != "original" && !fs::is_directory(args->test)) {
      throw InputError(args->test + ": --test must be 'original' or a folder of class folders");
    }
    run_evaluate(*args);
  });
}

}  // namespace vec2midi::app
