// `vec2midi evaluate`: how well a transition separates colours by melody (MISSION.md §6; issue 6 item 5):
// ROC-AUC and TPR at FPR <= 1e-3 over all test pairs, the ROC curve and inter-class box plot as PNG,
// one MIDI per test item in a folder per class, and a report JSON. Under mpirun, --fresh-draws are spread over the
// ranks (issue 30); with -o each finished draw is journaled (OUT/draws.jsonl) and reused by a run started again.
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/model_files.hpp"
#include "cluster/shared_work.hpp"
#include "eval/bootstrap.hpp"
#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "io/jsonl_journal.hpp"
#include "io/progress.hpp"
#include "io/random_stream.hpp"
#include "music/midi_io.hpp"
#include "render/charts.hpp"
#include "render/image_writers.hpp"
#include "search/embedding_set.hpp"
#include "search/soft_snap.hpp"
#include "search/transition_evaluation.hpp"
#include "transition/transition.hpp"
#include "transition/transition_file.hpp"
#include "vae/melody_decoder.hpp"
#include "vision/centre_distances.hpp"
#include "vision/colour_class.hpp"
#include "vision/photo_split.hpp"
#include "vision/plain_embedder.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

struct EvaluateArgs {
  std::string model;
  std::string embedder;
  std::string centres;  // a centres file replacing the embedder's (vision/centres_file.hpp)
  std::string transition;
  std::string test = "original";
  std::string split;          // a photo split file: --test is the folder of its sources, its --part is measured
  std::string part = "test";
  std::vector<int64_t> class_sizes;
  uint64_t data_seed = 0;
  double soft_snap = 0.0;   // > 0: the test embeddings soft-snapped at this temperature (search::soft_snap)
  int64_t fresh_draws = 0;  // 0: one draw at data_seed
  int64_t bootstrap = 0;    // resamples for 95 % intervals (0: none)
  search::TransitionEvaluationOptions options;
  std::string out_dir;
  bool json = false;
};

/// Data seeds of --fresh-draws: 2^32 + i on the test stream (io/random_stream.hpp), which no search and no
/// validation draws from; --data-seed's draw (default 0) is on the same stream but at a small seed.
constexpr uint64_t kFreshTestSeedBase = uint64_t(1) << 32;

void write_outputs(const fs::path& dir, const search::TransitionEvaluation& ev, const nlohmann::json& report) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir)) throw InputError(dir.string() + ": cannot create the output folder");
  // ROC curve with the chance diagonal.
  render::ChartSeries curve{.x = {}, .y = {}, .colour = cv::Scalar(200, 90, 30), .label = "ROC"};
  for (const auto& p : ev.roc.curve.points) {
    curve.x.push_back(p.fpr);
    curve.y.push_back(p.tpr);
  }
  render::ChartSeries chance{.x = {0.0, 0.5, 1.0}, .y = {0.0, 0.5, 1.0}, .colour = cv::Scalar(150, 150, 150), .label = "chance"};
  char title[160];
  std::snprintf(title, sizeof title, "AUC %.3f, sensitivity %.1f%% at FPR <= %.0e (%lld pairs)", ev.roc.auc,
                100.0 * ev.roc.tpr_at_max_fpr, ev.roc.max_fpr, static_cast<long long>(ev.n_pairs));
  render::write_png(dir / "roc.png", render::draw_line_chart({chance, curve}, {.title = title, .x_label = "false positive rate",
                                                                                .y_label = "true positive rate", .fixed_x = true,
                                                                                .fixed_y = true}));
  // Inter-class distances: one box per class (its first test melody against the other classes' first ones).
  std::vector<render::BoxGroup> groups;
  const auto rows = search::interclass_groups(ev.interclass);
  for (size_t c = 0; c < rows.size(); ++c) groups.push_back({std::string(vision::kClassNames[c]), rows[c]});
  render::write_png(dir / "interclass.png",
                    render::draw_box_plot(groups, {.title = "distance of each class's first test melody to the other classes",
                                                   .x_label = "class", .y_label = "distance"}));
  for (size_t i = 0; i < ev.melodies.size(); ++i) {
    const fs::path class_dir = dir / "midi" / std::string(vision::kClassNames[static_cast<size_t>(ev.labels[i])]);
    fs::create_directories(class_dir, ec);
    music::write_melody_midi(ev.melodies[i], class_dir / (std::to_string(i) + ".mid"));
  }
  io::write_file_atomic(dir / "report.json", report.dump(2) + "\n");
}

/// AUC and TPR with bootstrap intervals over the test items (when asked for) as JSON; `label` names the progress
/// line (none when `show_progress` is false).
nlohmann::json roc_json(const search::TransitionEvaluation& ev, int64_t n_bootstrap, const std::string& label,
                        bool show_progress) {
  nlohmann::json j = {{"auc", ev.roc.auc}, {"tpr_at_fpr_1e-3", ev.roc.tpr_at_max_fpr}, {"n_pairs", ev.n_pairs}};
  if (n_bootstrap > 0) {
    io::Progress progress(label, n_bootstrap, show_progress);
    const auto ci = eval::bootstrap_pairwise_roc(search::pairwise_score_matrix(ev.melodies), ev.labels,
                                                 {.n_resamples = n_bootstrap, .max_fpr = ev.roc.max_fpr,
                                                  .after_each = [&] { progress.advance(); }});
    progress.finish();
    j["auc_95"] = {ci.auc.low, ci.auc.high};
    j["tpr_95"] = {ci.tpr.low, ci.tpr.high};
    j["n_bootstrap"] = ci.n_resamples;
  }
  return j;
}

std::pair<double, double> mean_sd(const std::vector<double>& v) {
  double mean = 0.0, ss = 0.0;
  for (double x : v) mean += x / double(v.size());
  for (double x : v) ss += (x - mean) * (x - mean);
  return {mean, v.size() > 1 ? std::sqrt(ss / double(v.size() - 1)) : 0.0};
}

/// `raw`, soft-snapped with --soft-snap.
search::EmbeddingSet transition_input(const EvaluateArgs& args, const vision::ColourCentres& centres,
                                      const search::EmbeddingSet& raw) {
  return args.soft_snap > 0.0 ? search::soft_snap(raw, centres, args.soft_snap) : raw;
}

/// The test part of one draw of the original scheme at data seed `seed`, from its test stream (soft-snapped with
/// --soft-snap).
search::EmbeddingSet original_test(const EvaluateArgs& args, const vision::ColourCentres& centres, uint64_t seed) {
  search::OriginalSchemeOptions scheme;
  if (!args.class_sizes.empty()) scheme.class_sizes = args.class_sizes;
  scheme.seed = seed;
  scheme.stream = io::Stream::test_data;
  return transition_input(args, centres, search::original_scheme(centres, scheme).test);
}

/// Data seeds of the original-scheme test: --data-seed, or --fresh-draws N seeds kFreshTestSeedBase + i.
std::vector<uint64_t> test_seeds(const EvaluateArgs& args) {
  if (args.fresh_draws == 0) return {args.data_seed};
  std::vector<uint64_t> seeds;
  for (int64_t i = 0; i < args.fresh_draws; ++i) seeds.push_back(kFreshTestSeedBase + uint64_t(i));
  return seeds;
}

nlohmann::json interclass_json(const search::TransitionEvaluation& ev) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : ev.interclass) {
    nlohmann::json r = nlohmann::json::array();
    for (double v : row) r.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json());
    rows.push_back(r);
  }
  return rows;
}

/// The figures of one fresh draw: its AUC and TPR at FPR <= max_fpr.
struct DrawFigures {
  double auc = 0.0, tpr = 0.0;
};

/// Each draw's figures and their mean ± sd, added to `report`; `first` is the evaluation of seeds[0].
void add_draws(nlohmann::json& report, const std::vector<uint64_t>& seeds, const search::TransitionEvaluation& first,
               const std::map<uint64_t, DrawFigures>& others) {
  std::vector<double> aucs, tprs;
  nlohmann::json draws = nlohmann::json::array();
  for (size_t i = 0; i < seeds.size(); ++i) {
    const DrawFigures d = i == 0 ? DrawFigures{first.roc.auc, first.roc.tpr_at_max_fpr} : others.at(seeds[i]);
    aucs.push_back(d.auc);
    tprs.push_back(d.tpr);
    draws.push_back({{"data_seed", seeds[i]}, {"auc", d.auc}, {"tpr_at_fpr_1e-3", d.tpr}});
  }
  const auto [auc_mean, auc_sd] = mean_sd(aucs);
  const auto [tpr_mean, tpr_sd] = mean_sd(tprs);
  report["draws"] = draws;
  report["auc_mean"] = auc_mean;
  report["auc_sd"] = auc_sd;
  report["tpr_mean"] = tpr_mean;
  report["tpr_sd"] = tpr_sd;
}

/// What the draws of a run depend on: a journal line of other settings is not reused.
nlohmann::json draw_settings(const EvaluateArgs& args, const fs::path& model, const fs::path& embedder, const fs::path& transition) {
  nlohmann::json settings = {{"model", model.string()}, {"embedder", embedder.string()}, {"centres", args.centres},
                              {"transition", transition.string()}, {"class_sizes", args.class_sizes},
                              {"steps", args.options.n_steps}};
  if (args.soft_snap > 0.0) settings["soft_snap"] = args.soft_snap;  // absent before the option: old journals still count
  return settings;
}

/// The fresh draws after the first, spread over the ranks under mpirun (rank 0's share on a thread of its own). With
/// -o, each finished draw is journaled in OUT/draws.jsonl, and a later run with the same settings reuses it.
std::map<uint64_t, DrawFigures> other_draws(const EvaluateArgs& args, const std::vector<uint64_t>& seeds,
                                            const nlohmann::json& settings, const cluster::Work& work) {
  std::map<uint64_t, DrawFigures> figures;
  std::optional<io::JsonlJournal> journal;
  if (!args.out_dir.empty()) {
    std::error_code ec;
    fs::create_directories(args.out_dir, ec);
    journal.emplace(fs::path(args.out_dir) / "draws.jsonl");
    for (const nlohmann::json& line : journal->lines()) {
      if (line.value("settings", nlohmann::json()) != settings) continue;
      figures[line.at("data_seed").get<uint64_t>()] = {line.at("auc").get<double>(), line.at("tpr_at_fpr_1e-3").get<double>()};
    }
  }
  std::vector<std::string> jobs;
  for (size_t i = 1; i < seeds.size(); ++i) {
    if (!figures.contains(seeds[i])) jobs.push_back(std::to_string(seeds[i]));
  }
  io::Progress progress("evaluate", int64_t(seeds.size()) - 1, !args.json && seeds.size() > 2);
  progress.resume_from(int64_t(seeds.size()) - 1 - int64_t(jobs.size()));
  cluster::share_work(cluster::World::get(), jobs, work, [&](size_t k, const std::string& bytes) {
    const std::vector<double> r = cluster::doubles_of(bytes);
    const uint64_t seed = std::stoull(jobs[k]);
    figures[seed] = {r.at(0), r.at(1)};
    if (journal) journal->append({{"data_seed", seed}, {"auc", r[0]}, {"tpr_at_fpr_1e-3", r[1]}, {"settings", settings}});
    progress.advance(1);
  });
  progress.finish();
  return figures;
}

void print_summary(const nlohmann::json& report, const search::TransitionEvaluation& ev, const EvaluateArgs& args) {
  if (report.contains("draws")) {
    std::cout << report["draws"].size() << " fresh test draws (data seeds " << report["draws"].front()["data_seed"] << "..."
              << report["draws"].back()["data_seed"] << "): AUC " << report["auc_mean"].get<double>() << " ± "
              << report["auc_sd"].get<double>() << ", sensitivity " << 100.0 * report["tpr_mean"].get<double>() << " ± "
              << 100.0 * report["tpr_sd"].get<double>() << " % at FPR <= " << ev.roc.max_fpr << " (mean ± sd)\n";
  }
  std::cout << "AUC " << ev.roc.auc << ", sensitivity " << 100.0 * ev.roc.tpr_at_max_fpr << " % at FPR <= "
            << ev.roc.max_fpr << " over " << ev.n_pairs << " pairs of " << ev.melodies.size() << " test melodies"
            << (args.test == "original" ? "" : args.soft_snap > 0.0 ? " (soft-snapped embeddings)" : " (raw embeddings)")
            << "\n";
  for (const char* mode : {"continuous", "soft_snapped", "snapped"}) {
    if (!report.contains(mode)) continue;
    const auto& m = report[mode];
    std::cout << "  " << mode << ": AUC " << m["auc"].get<double>();
    if (m.contains("auc_95")) std::cout << " [" << m["auc_95"][0].get<double>() << ", " << m["auc_95"][1].get<double>() << "]";
    std::cout << ", sensitivity " << 100.0 * m["tpr_at_fpr_1e-3"].get<double>() << " %";
    if (m.contains("tpr_95")) {
      std::cout << " [" << 100.0 * m["tpr_95"][0].get<double>() << ", " << 100.0 * m["tpr_95"][1].get<double>() << "] (95 % bootstrap)";
    }
    std::cout << "\n";
  }
  if (!args.out_dir.empty()) std::cout << "wrote roc.png, interclass.png, midi/ and report.json to " << args.out_dir << "\n";
}

/// The pictures of a folder test: every image of --test's class folders, or with --split the images of its --part.
search::EmbeddingSet photo_test(const EvaluateArgs& args, const vision::PlainEmbedder& embedder) {
  if (args.split.empty()) return search::embed_image_folder(embedder, args.test);
  return search::embed_images(
      embedder, vision::images_of(vision::named_part_items(vision::read_photo_split(args.split), args.split, args.test, args.part)));
}

void run_evaluate(const EvaluateArgs& args) {
  const fs::path model_path = vae_file(args.model);
  const fs::path embedder_path = embedder_file(args.embedder);
  const fs::path transition_path = existing_model(args.transition, "transition_default.safetensors", "`vec2midi search`");
  if (args.fresh_draws > 0 && args.test != "original") throw InputError("evaluate --fresh-draws needs --test original");
  if (!args.split.empty() && args.test == "original") throw InputError("evaluate --split needs --test DIR, the folder of the split's sources");
  const vae::MelodyDecoder decoder(model_path);
  const vision::PlainEmbedder embedder(embedder_path);
  const int64_t e_size = embedder.options().embedding_size;
  const vision::ColourCentres centres = centres_to_use(args.centres, embedder);
  const transition::TransitionFile file = transition::read_transition_file(transition_path);
  if (file.options.latent_size != decoder.options().z_size) {
    throw InputError(transition_path.string() + ": maps into a " + std::to_string(file.options.latent_size) +
                     "-d latent space, but " + model_path.string() + " has " + std::to_string(decoder.options().z_size));
  }
  if (file.options.embedding_size != e_size) {
    throw InputError(transition_path.string() + ": expects " + std::to_string(file.options.embedding_size) +
                     "-d embeddings, the embedder gives " + std::to_string(e_size));
  }
  const transition::Transition transition(file.options);
  const auto evaluate = [&](const search::EmbeddingSet& test) {
    return search::evaluate_transition(decoder, transition, file.coefficients, test, args.options);
  };
  const bool original = args.test == "original";
  const std::vector<uint64_t> seeds = original ? test_seeds(args) : std::vector<uint64_t>{};
  // Under mpirun the fresh draws after the first are spread over the ranks; the other ranks only evaluate draws.
  const cluster::Work draw = [&](std::string_view job) {
    const auto roc = evaluate(original_test(args, centres, std::stoull(std::string(job)))).roc;
    return cluster::to_bytes(std::vector<double>{roc.auc, roc.tpr_at_max_fpr});
  };
  const cluster::World& world = cluster::World::get();
  if (world.rank() != 0) {
    cluster::serve_work(world, draw);
    return;
  }
  const cluster::WorkersStop stop(world);
  // The original scheme's test part, or the pictures' raw embeddings (not snapped to centres).
  const search::EmbeddingSet raw = original ? search::EmbeddingSet{} : photo_test(args, embedder);
  const search::EmbeddingSet test = original ? original_test(args, centres, seeds.front()) : transition_input(args, centres, raw);
  const auto ev = evaluate(test);
  nlohmann::json report = {{"auc", ev.roc.auc}, {"tpr_at_fpr_1e-3", ev.roc.tpr_at_max_fpr}, {"max_fpr", ev.roc.max_fpr},
                           {"n_pairs", ev.n_pairs}, {"n_test", static_cast<int64_t>(ev.melodies.size())},
                           {"test", args.test}, {"model", model_path.string()}, {"embedder", embedder_path.string()},
                           {"centres", args.centres.empty() ? nlohmann::json() : nlohmann::json(args.centres)},
                           {"transition", transition_path.string()}, {"steps", args.options.n_steps},
                           {"split", args.split.empty() ? nlohmann::json() : nlohmann::json({{"file", args.split}, {"part", args.part}})},
                           {"interclass", interclass_json(ev)}};
  if (args.soft_snap > 0.0) report["soft_snap"] = args.soft_snap;
  if (original) {
    report["data_seed"] = seeds.front();
    report["data_stream"] = io::stream_name(io::Stream::test_data);
    if (args.bootstrap > 0) report.update(roc_json(ev, args.bootstrap, "bootstrap", !args.json));
    if (seeds.size() > 1) {
      add_draws(report, seeds, ev, other_draws(args, seeds, draw_settings(args, model_path, embedder_path, transition_path), draw));
    }
  } else {
    // Pictures two ways: raw (continuous mode) or soft-snapped embeddings, and snapped to the nearest centre
    // (compose's default).
    search::EmbeddingSet snapped = raw;
    snapped.embeddings.clear();
    for (int c : vision::nearest_centres(raw.embeddings, centres.mean, e_size)) {
      const std::span<const float> centre = centres.mean_of(c);
      snapped.embeddings.insert(snapped.embeddings.end(), centre.begin(), centre.end());
    }
    const bool soft = args.soft_snap > 0.0;
    report[soft ? "soft_snapped" : "continuous"] =
        roc_json(ev, args.bootstrap, soft ? "bootstrap soft-snapped" : "bootstrap raw", !args.json);
    report["snapped"] = roc_json(evaluate(snapped), args.bootstrap, "bootstrap snapped", !args.json);
  }
  if (!args.out_dir.empty()) write_outputs(args.out_dir, ev, report);
  if (args.json) {
    print_json(report);
    return;
  }
  print_summary(report, ev, args);
}

}  // namespace

void add_evaluate_command(CLI::App& root) {
  auto args = std::make_shared<EvaluateArgs>();
  auto* cmd = root.add_subcommand("evaluate", "ROC-AUC of a transition on the test colours, plots and MIDI per class");
  add_model_flags(*cmd, args->model, args->embedder, args->centres, "Embedder model file");
  cmd->add_option("--transition", args->transition, "Transition file (default: models/transition_default.safetensors)");
  cmd->add_option("--test", args->test,
                  "original (the original's centres + std/10 samples, last 5 % per class), a folder of class folders of images, "
                  "or with --split the folder of the split's sources")
      ->capture_default_str();
  cmd->add_option("--split", args->split,
                  "A photo split (split-photos, e.g. data/photo_split.json): measure the images of its --part found under --test");
  cmd->add_option("--part", args->part, "With --split: train, validation or test")->capture_default_str();
  cmd->add_option("--class-sizes", args->class_sizes, "With --test original: 9 items-per-class counts (default 250 each)")
      ->expected(9);
  cmd->add_option("--soft-snap", args->soft_snap,
                  "Soft-snap the test embeddings at this temperature before the transition, as `search --soft-snap` did "
                  "(pictures: in place of their raw embeddings). Default: the raw embeddings")
      ->check(CLI::PositiveNumber);
  auto* data_seed = cmd->add_option("--data-seed", args->data_seed, "With --test original: seed of the samples (drawn from its test.data stream, which no search or validation uses)")->capture_default_str();
  cmd->add_option("--fresh-draws", args->fresh_draws,
                  "With --test original: N test draws at data seeds 2^32..2^32+N-1 of the test.data stream, never used by a "
                  "search or a decision; "
                  "reports each and their mean ± sd (under mpirun, spread over the ranks)")
      ->check(CLI::Range(int64_t(1), int64_t(1000)))
      ->excludes(data_seed);
  cmd->add_option("--bootstrap", args->bootstrap,
                  "Resamples of the test items for 95 % intervals of AUC and TPR (0: none; a folder test reports raw "
                  "and snapped embeddings either way)")
      ->check(CLI::Range(int64_t(0), int64_t(100000)))
      ->capture_default_str();
  cmd->add_option("--steps", args->options.n_steps, "Decoded 16th-note steps")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("-o,--out", args->out_dir, "Write roc.png, interclass.png, midi/<class>/*.mid and report.json here (and draws.jsonl: the fresh draws "
                  "done, reused when the same command is run again)");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] {
    if (args->test != "original" && !fs::is_directory(args->test)) {
      throw InputError(args->test + ": --test must be 'original' or a folder of class folders");
    }
    run_evaluate(*args);
  });
}

}  // namespace vec2midi::app
