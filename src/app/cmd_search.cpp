// `vec2midi search`: find the transition coefficients a that make melodies of one colour alike and of
// different colours apart (MISSION.md §5; issue 6 items 3 and 4), with random search, GP-BO, TuRBO or
// CMA-ES, checkpointed in RUN_DIR and resumable.
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/json_file.hpp"
#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "io/random_stream.hpp"
#include "optim/optimizer.hpp"
#include "optim/optimizer_factory.hpp"
#include "search/embedding_set.hpp"
#include "search/objective.hpp"
#include "search/reselection.hpp"
#include "search/search_run.hpp"
#include "search/transition_evaluation.hpp"
#include "transition/transition.hpp"
#include "transition/transition_file.hpp"
#include "vae/melody_decoder.hpp"
#include "vision/centres_file.hpp"
#include "vision/plain_embedder.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

struct SearchArgs {
  std::string model;
  std::string embedder;
  std::string centres;  // a centres file replacing the embedder's (vision/centres_file.hpp)
  std::string optimizer = "random";
  int64_t budget = 0;
  int64_t initial = 0;  // 0: the optimiser's default initial design
  bool resume = false;
  std::string run_dir;
  std::string data = "original";
  std::string images;
  std::vector<int64_t> class_sizes;
  uint64_t data_seed = 0;
  uint64_t seed = 0;
  transition::TransitionOptions transition;
  std::string dims_from;  // a latent-study JSON whose "significant" dims the transition drives
  search::ObjectiveOptions objective;
  int64_t checkpoint_every = 100;
  int64_t reselect = 0;  // 0: the result is the best loss seen, as the original
  int64_t reselect_draws = 5;
  std::string reselect_by = "loss";
  bool quiet = false;
  bool json = false;
};

fs::path existing(const std::string& given, const char* default_name, const std::string& how_to_make) {
  const fs::path path = given.empty() ? default_model_path(default_name) : fs::path(given);
  if (!fs::is_regular_file(path)) throw InputError(path.string() + ": no such model file (make it with " + how_to_make + ")");
  return path;
}

std::string canonical_string(const fs::path& p) {
  std::error_code ec;
  const fs::path c = fs::weakly_canonical(p, ec);
  return ec ? p.string() : c.string();
}

// The dims of `study`'s "significant" list (a `vec2midi latent-study --json` document or its latent_study.json).
std::vector<int64_t> significant_dims(const fs::path& study) {
  const nlohmann::json doc = read_json_file(study);
  if (!doc.contains("significant") || !doc["significant"].is_array()) {
    throw InputError(study.string() + ": not a latent study (no \"significant\" list; make it with `vec2midi latent-study --json`)");
  }
  std::vector<int64_t> dims;
  for (const auto& d : doc["significant"]) {
    if (!d.is_number_integer()) throw InputError(study.string() + ": \"significant\" holds a non-integer");
    dims.push_back(d.get<int64_t>());
  }
  if (dims.empty()) throw InputError(study.string() + ": the study found no significant dimension");
  return dims;
}

nlohmann::json reselection_json(const search::Reselection& r, const search::ReselectionOptions& o) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const auto& c : r.candidates) {
    candidates.push_back({{"index", c.index}, {"search_loss", c.search_loss}, {"mean", c.mean},
                          {"stddev", c.stddev}, {"losses", c.losses}});
  }
  return {{"by", "loss"}, {"top", o.top}, {"draws", o.draws}, {"first_index", o.first_index},
          {"chosen_index", r.candidates[r.chosen].index}, {"chosen_mean", r.candidates[r.chosen].mean},
          {"candidates", candidates}};
}

nlohmann::json validation_json(const search::Validation& v, int64_t top, uint64_t validation_seed) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const auto& c : v.candidates) {
    candidates.push_back({{"index", c.index}, {"search_loss", c.search_loss}, {"tpr_at_fpr_1e-3", c.score.tpr},
                          {"auc", c.score.auc}});
  }
  const auto& chosen = v.candidates[v.chosen];
  return {{"by", "validation"}, {"top", top}, {"validation_data_seed", validation_seed},
          {"validation_stream", io::stream_name(io::Stream::validation_data)},
          {"chosen_index", chosen.index}, {"chosen_tpr_at_fpr_1e-3", chosen.score.tpr},
          {"chosen_auc", chosen.score.auc}, {"candidates", candidates}};
}

// What re-selection chose, for the summary.
struct Reselected {
  int64_t index = 0;
  double search_loss = 0.0;
  std::string measure;  // e.g. "mean of 5 fresh evaluations 105.8 ± 2.9"
};

// Re-selects among the run's best candidates (by fresh losses, or by validation on the original scheme
// drawn from the data seed's validation stream, which no search's data and no test shares) and writes the
// winner next to the best-seen one.
Reselected reselect_run(const fs::path& dir, const search::ObjectiveFunction& objective,
                        const search::SearchRunOptions& run, const SearchArgs& args,
                        const search::ValidationFunction& validate,
                        uint64_t validation_seed) {
  const auto history = search::read_history(dir / search::kHistoryFile, args.transition.n_matrices);
  std::ostringstream measure;
  std::size_t row = 0;
  Reselected out;
  nlohmann::json doc;
  if (args.reselect_by == "validation") {
    const search::Validation v = search::select_by_validation(history, validate, args.reselect, run.show_progress);
    const auto& c = v.candidates[v.chosen];
    row = c.row;
    out = {c.index, c.search_loss, ""};
    measure << "validation TPR at FPR <= 1e-3 " << c.score.tpr << ", AUC " << c.score.auc;
    doc = validation_json(v, args.reselect, validation_seed);
  } else {
    const search::ReselectionOptions o{.top = args.reselect, .draws = args.reselect_draws,
                                       .show_progress = run.show_progress};
    const search::Reselection r = search::reselect_best(history, objective, o);
    const auto& c = r.candidates[r.chosen];
    row = c.row;
    out = {c.index, c.search_loss, ""};
    measure << "mean of " << o.draws << " fresh evaluations " << c.mean << " ± " << c.stddev;
    doc = reselection_json(r, o);
  }
  out.measure = measure.str();
  transition::write_transition_file(dir / search::kReselectedTransitionFile, {run.transition, history[row].a, run.model});
  io::write_file_atomic(dir / search::kReselectionFile, doc.dump(1) + "\n");
  return out;
}

/// The original scheme's samples for `args` from data seed `seed` of `stream`.
search::EmbeddingSplit original_data(const SearchArgs& args, const vision::ColourCentres& centres, uint64_t seed,
                                     io::Stream stream) {
  search::OriginalSchemeOptions scheme;
  if (!args.class_sizes.empty()) scheme.class_sizes = args.class_sizes;
  scheme.seed = seed;
  scheme.stream = stream;
  return search::original_scheme(centres, scheme);
}

/// The search's train and test embeddings, and what they are in the run's recorded settings (`data`).
search::EmbeddingSplit search_data(const SearchArgs& args, const vision::PlainEmbedder& embedder,
                                   const vision::ColourCentres& centres, nlohmann::json& data) {
  data = {{"scheme", args.data}};
  if (args.data == "original") {
    data["class_sizes"] = args.class_sizes.empty() ? search::OriginalSchemeOptions{}.class_sizes : args.class_sizes;
    data["seed"] = args.data_seed;
    data["stream"] = io::stream_name(io::Stream::search_data);  // runs made before named streams do not resume
    return original_data(args, centres, args.data_seed, io::Stream::search_data);
  }
  if (args.images.empty()) throw InputError("search --data images needs --images DIR (class folders of pictures)");
  data["images"] = canonical_string(args.images);
  return search::split_in_order(search::embed_image_folder(embedder, args.images), 0.95);
}

/// The settings a run records and a resume must repeat.
nlohmann::json run_config(const SearchArgs& args, const fs::path& model_path, const fs::path& embedder_path,
                          const nlohmann::json& data) {
  const auto& o = args.objective;
  const auto& t = args.transition;
  nlohmann::json config = {
      {"optimizer", args.optimizer},
      {"seed", args.seed},
      {"model", canonical_string(model_path)},
      {"embedder", canonical_string(embedder_path)},
      {"data", data},
      {"transition", {{"seed", t.seed}, {"generator", transition::generator_name(t.generator)},
                      {"n_matrices", t.n_matrices}, {"box", t.box}, {"latent_size", t.latent_size},
                      {"embedding_size", t.embedding_size}}},
      {"objective", {{"triplets", o.n_triplets}, {"batches", o.n_batches}, {"steps", o.n_steps},
                     {"margin", o.margin}, {"fixed_triplets", o.fixed_triplets}, {"seed", o.seed}}}};
  // Recorded only when set, so runs made before the option existed still resume.
  if (args.initial > 0) config["initial"] = args.initial;
  if (!args.centres.empty()) config["centres"] = canonical_string(args.centres);
  if (!o.penalty) config["objective"]["penalty"] = false;
  if (!t.driven_dims.empty()) {
    config["transition"]["driven_dims"] = t.driven_dims;
    config["transition"]["noise_amplitude"] = t.noise_amplitude;
  }
  return config;
}

/// The run's summary: JSON with --json, else a few lines.
void print_report(const SearchArgs& args, int64_t budget, const search::SearchReport& report,
                  const std::optional<Reselected>& reselected) {
  const fs::path dir(args.run_dir);
  if (args.json) {
    nlohmann::json out = {{"run_dir", dir.string()},
                          {"optimizer", args.optimizer},
                          {"budget", budget},
                          {"n_evaluations", report.n_evaluations},
                          {"n_evaluated", report.n_evaluated},
                          {"n_replayed", report.n_replayed},
                          {"best_index", report.best_index},
                          {"best_loss", report.best_loss},
                          {"seconds", report.seconds},
                          {"evaluations_per_minute", report.evaluations_per_minute},
                          {"best_transition", (dir / search::kBestTransitionFile).string()},
                          {"history", (dir / search::kHistoryFile).string()},
                          {"plot", (dir / search::kBestLossPlot).string()}};
    if (reselected) {
      out["reselected_index"] = reselected->index;
      out["reselected_by"] = args.reselect_by;
      out["reselected_measure"] = reselected->measure;
      out["reselected_transition"] = (dir / search::kReselectedTransitionFile).string();
      out["reselection"] = (dir / search::kReselectionFile).string();
    }
    print_json(out);
    return;
  }
  std::cout << args.optimizer << ": " << report.n_evaluations << " evaluations (" << report.n_evaluated
            << " this run), best loss " << report.best_loss << " at evaluation " << report.best_index << ", "
            << report.evaluations_per_minute << " evaluations/min\nbest transition: "
            << (dir / search::kBestTransitionFile).string() << "\n";
  if (reselected) {
    std::cout << "re-selected: evaluation " << reselected->index << " (search loss " << reselected->search_loss
              << ", " << reselected->measure << ")\nre-selected transition: "
              << (dir / search::kReselectedTransitionFile).string() << "\n";
  }
}

void run_search_command(SearchArgs args) {
  if (!args.dims_from.empty()) args.transition.driven_dims = significant_dims(args.dims_from);
  if (args.reselect_by == "validation" && args.data != "original") {
    throw InputError("search --reselect-by validation needs --data original (its validation data is a fresh draw of that scheme)");
  }
  const fs::path model_path = existing(args.model, "default_vae.safetensors", "`vec2midi train-vae` or `vec2midi import-magenta`");
  const fs::path embedder_path = existing(args.embedder, "embedder.safetensors", "`vec2midi train-embedder`");
  const vae::MelodyDecoder decoder(model_path);
  const vision::PlainEmbedder embedder(embedder_path);
  const vision::ColourCentres centres =
      args.centres.empty() ? embedder.centres()
                           : vision::read_centres_file(args.centres, embedder.options().embedding_size, embedder.centres().std);
  nlohmann::json data;
  const search::EmbeddingSplit split = search_data(args, embedder, centres, data);
  args.transition.latent_size = decoder.options().z_size;
  args.transition.embedding_size = split.train.embedding_size;
  const transition::Transition transition(args.transition);
  const search::TripletObjective objective(decoder, transition, split.train, args.objective);

  const optim::SearchSpace space{.n_dims = args.transition.n_matrices, .lower = -args.transition.box,
                                 .upper = args.transition.box};
  auto optimizer = optim::make_optimizer(args.optimizer, space, args.seed, args.initial);
  // Default budget (MISSION.md §5): 2,048 random points, then 12·K optimiser iterations.
  const int64_t budget = args.budget > 0 ? args.budget
                                         : (args.optimizer == "random" ? 2048 : 2048 + 12 * args.transition.n_matrices);
  const search::SearchRunOptions run{.run_dir = args.run_dir,
                                     .budget = budget,
                                     .resume = args.resume,
                                     .checkpoint_every = args.checkpoint_every,
                                     .show_progress = !args.quiet && !args.json,
                                     .config = run_config(args, model_path, embedder_path, data),
                                     .transition = args.transition,
                                     .model = model_path.stem().string()};
  const search::ObjectiveFunction f = [&](std::span<const double> a, int64_t index) {
    return objective.evaluate(a, index);
  };
  const auto report = search::run_search(*optimizer, f, run);

  std::optional<Reselected> reselected;
  if (args.reselect > 0) {
    // Validation: the data seed's own validation stream, which neither the search's data nor a test shares.
    const search::EmbeddingSet validation =
        args.reselect_by == "validation"
            ? original_data(args, centres, args.data_seed, io::Stream::validation_data).train
            : search::EmbeddingSet{};
    const auto validate = [&](std::span<const double> a) {
      const auto ev = search::evaluate_transition(decoder, transition, a, validation, {.n_steps = args.objective.n_steps});
      return search::ValidationScore{.tpr = ev.roc.tpr_at_max_fpr, .auc = ev.roc.auc};
    };
    reselected = reselect_run(fs::path(args.run_dir), f, run, args, validate, args.data_seed);
  }
  print_report(args, budget, report, reselected);
}

}  // namespace

void add_search_command(CLI::App& root) {
  auto args = std::make_shared<SearchArgs>();
  auto* cmd = root.add_subcommand("search", "Search the transition coefficients (random, GP-BO, TuRBO or CMA-ES)");
  cmd->add_option("--model", args->model, "MusicVAE model file (default: models/default_vae.safetensors)");
  cmd->add_option("--embedder", args->embedder, "Embedder model file with the colour centres (default: models/embedder.safetensors)");
  cmd->add_option("--centres", args->centres,
                  "JSON colour centres ({classes, centres[, std]}) that replace the embedder's (its std is kept if the file has none)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--optimizer", args->optimizer, "random, bo, turbo or cmaes")
      ->check(CLI::IsMember({"random", "bo", "turbo", "cmaes"}))
      ->capture_default_str();
  cmd->add_option("--budget", args->budget,
                  "Total evaluations (default: random 2048; others 2048 + 12*K as the original's random + BO phases)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--initial", args->initial,
                  "bo and turbo: uniform points before the model (default: bo 2048, turbo 2*K)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--resume", args->resume, "Continue the run in RUN_DIR");
  cmd->add_option("-o,--out", args->run_dir, "Run folder (checkpoint.json, history.csv, best_transition.safetensors, best_loss.png)")
      ->required();
  cmd->add_option("--data", args->data, "Train embeddings: original (centres + std/10 samples) or images")
      ->check(CLI::IsMember({"original", "images"}))
      ->capture_default_str();
  cmd->add_option("--images", args->images, "With --data images: folder of class folders of pictures")->check(CLI::ExistingDirectory);
  cmd->add_option("--class-sizes", args->class_sizes, "With --data original: 9 items-per-class counts (default 250 each)")
      ->expected(9);
  cmd->add_option("--data-seed", args->data_seed, "Seed of the original scheme's samples (drawn from its search.data stream)")->capture_default_str();
  cmd->add_option("--seed", args->seed, "Seed of the optimiser")->capture_default_str();
  cmd->add_option("--transition-seed", args->transition.seed, "Seed of the random matrices G (drawn from its transition.G stream)")->capture_default_str();
  cmd->add_option("--matrices", args->transition.n_matrices, "K, number of random matrices (coefficients searched)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  auto* dims = cmd->add_option("--dims", args->transition.driven_dims,
                  "Latent dims the transition drives (comma-separated; the rest hold small noise; default: all)")
      ->delimiter(',')
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--dims-from", args->dims_from, "Drive the \"significant\" dims of a latent study (its latent_study.json)")
      ->check(CLI::ExistingFile)
      ->excludes(dims);
  cmd->add_option("--noise", args->transition.noise_amplitude, "With --dims: undriven dims hold U(-noise, noise)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--box", args->transition.box, "Coefficients searched in [-box, box]")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--triplets", args->objective.n_triplets, "Triplets per batch")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--batches", args->objective.n_batches, "Batches averaged per evaluation")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--steps", args->objective.n_steps, "Decoded 16th-note steps")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--margin", args->objective.margin, "Hinge margin")->capture_default_str();
  cmd->add_flag("--penalty,!--no-penalty", args->objective.penalty,
                "--no-penalty: hinge on the plain melody distance, without the line-length penalty of ±5 (MISSION.md §4; "
                "the evaluation's score has none either). Default: with it, as the original");
  cmd->add_flag("--fixed-triplets", args->objective.fixed_triplets, "Same triplets for every candidate (common random numbers)");
  cmd->add_option("--triplet-seed", args->objective.seed, "Seed of the triplet draws")->capture_default_str();
  cmd->add_option("--checkpoint-every", args->checkpoint_every, "Evaluations between checkpoints")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--reselect", args->reselect,
                  "After the run, re-evaluate its N best candidates on fresh triplets and write the lowest mean to "
                  "reselected_transition.safetensors (and reselection.json); works on a finished run with --resume. "
                  "Default 0: only the best loss seen, as the original")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--reselect-by", args->reselect_by,
                  "With --reselect: loss (lowest mean of fresh evaluations) or validation (highest TPR at FPR <= 1e-3 "
                  "on a draw of the original scheme from --data-seed's validation stream: neither the search's nor a test's data)")
      ->check(CLI::IsMember({"loss", "validation"}))
      ->capture_default_str();
  cmd->add_option("--reselect-draws", args->reselect_draws, "With --reselect loss: fresh evaluations of each candidate")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_search_command(*args); });
}

}  // namespace vec2midi::app
