// `vec2midi latent-study`: which MusicVAE latent dimensions move the melody (MISSION.md §7; issue 6 item 7):
// decodes random z, perturbs each dimension, clusters the melodies, plots the per-dimension importance.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "compose/latent_sliders.hpp"
#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "render/charts.hpp"
#include "render/image_writers.hpp"
#include "search/latent_study.hpp"
#include "vae/melody_decoder.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

struct LatentStudyArgs {
  std::string model;
  std::string out_dir;
  search::LatentStudyOptions options;
  std::string sliders;  // where the sliders file goes ("" = OUT/sliders.json)
  bool quiet = false;
  bool json = false;
};

// The significant dims as named sliders (compose/latent_sliders.hpp), for `compose --nudge` and the page: each
// named by the feature it turns up or down on average (its largest mean signed change), not the one it
// moves most in size (a dim can widen some melodies' range and narrow others').
void write_sliders(const search::LatentStudy& study, const fs::path& path) {
  std::vector<std::string> features;
  std::vector<double> effects, importances;
  for (int64_t d : study.significant) {
    const auto i = static_cast<size_t>(d);
    features.emplace_back(search::kLatentFeatureNames[static_cast<size_t>(study.directed_feature[i])]);
    effects.push_back(study.directed_effect[i]);
    importances.push_back(study.importance[i]);
  }
  compose::write_latent_sliders(path, compose::name_sliders(study.significant, features, effects, importances));
}

void run_latent_study_command(LatentStudyArgs args) {
  const fs::path model_path = args.model.empty() ? default_model_path("default_vae.safetensors") : fs::path(args.model);
  if (!fs::is_regular_file(model_path)) {
    throw InputError(model_path.string() + ": no such model file (make it with `vec2midi train-vae` or `vec2midi import-magenta`)");
  }
  const vae::MelodyDecoder decoder(model_path);
  args.options.show_progress = !args.quiet && !args.json;
  const search::LatentStudy study = search::run_latent_study(decoder, args.options);

  nlohmann::json dims = nlohmann::json::array();
  for (int64_t d : study.ranked) {
    const auto i = static_cast<size_t>(d);
    dims.push_back({{"dim", d},
                    {"importance", study.importance[i]},
                    {"moves", search::kLatentFeatureNames[static_cast<size_t>(study.dominant_feature[i])]},
                    {"effect", study.dominant_effect[i]},
                    {"turns", search::kLatentFeatureNames[static_cast<size_t>(study.directed_feature[i])]},
                    {"turns_by", study.directed_effect[i]},
                    {"cluster_separation", study.separation[i]}});
  }
  const nlohmann::json report = {{"model", model_path.string()},
                                 {"n_samples", args.options.n_samples},
                                 {"n_probes", args.options.n_probes},
                                 {"perturbation", args.options.perturbation},
                                 {"steps", args.options.n_steps},
                                 {"n_empty", study.n_empty},
                                 {"cluster_sizes", study.cluster_sizes},
                                 {"significant", study.significant},
                                 {"dims", dims}};
  const fs::path dir(args.out_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir)) throw InputError(dir.string() + ": cannot create the output folder");
  render::write_png(dir / "importance.png",
                    render::draw_bar_chart(study.importance, study.significant,
                                           {.title = "melody feature shift per latent dimension (" +
                                                     std::to_string(study.significant.size()) + " significant)",
                                            .x_label = "latent dimension", .y_label = "mean |shift| / std", .width = 1200}));
  io::write_file_atomic(dir / "latent_study.json", report.dump(1) + "\n");
  write_sliders(study, args.sliders.empty() ? dir / "sliders.json" : fs::path(args.sliders));
  if (args.json) {
    print_json(report);
    return;
  }
  std::cout << study.significant.size() << " of " << study.importance.size() << " latent dimensions matter:";
  for (int64_t d : study.significant) {
    std::cout << " " << d << " ("
              << search::kLatentFeatureNames[static_cast<size_t>(study.dominant_feature[static_cast<size_t>(d)])] << ")";
  }
  std::cout << "\nwrote importance.png, latent_study.json and sliders.json to " << dir.string() << "\n";
}

}  // namespace

void add_latent_study_command(CLI::App& root) {
  auto args = std::make_shared<LatentStudyArgs>();
  auto* cmd = root.add_subcommand("latent-study", "Which latent dimensions of a MusicVAE move the melody");
  cmd->add_option("--model", args->model, "MusicVAE model file (default: models/default_vae.safetensors)");
  cmd->add_option("-o,--out", args->out_dir, "Folder for importance.png, latent_study.json and sliders.json")->required();
  cmd->add_option("--sliders", args->sliders,
                  "Write the significant dims as named sliders here instead of OUT/sliders.json (compose reads "
                  "MODEL.sliders.json beside the model)");
  cmd->add_option("--samples", args->options.n_samples, "Random z decoded and clustered")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--probes", args->options.n_probes, "Base z perturbed per dimension")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--perturbation", args->options.perturbation, "Added to one latent coordinate")->capture_default_str();
  cmd->add_option("--clusters", args->options.n_clusters, "k of k-means")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--steps", args->options.n_steps, "Decoded 16th-note steps")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--seed", args->options.seed, "Seed of z and k-means")->capture_default_str();
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_latent_study_command(*args); });
}

}  // namespace vec2midi::app
