// `vec2midi search`: find the transition coefficients a that make melodies of one colour alike and of
// different colours apart (MISSION.md §5; issue 6 items 3 and 4), with random search, GP-BO, TuRBO or
// CMA-ES, checkpointed in RUN_DIR and resumable.
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/json_file.hpp"
#include "app/model_files.hpp"
#include "app/search_args.hpp"
#include "app/search_outcome.hpp"
#include "cluster/shared_work.hpp"
#include "cluster/world.hpp"
#include "io/error.hpp"
#include "io/random_stream.hpp"
#include "optim/optimizer.hpp"
#include "optim/optimizer_factory.hpp"
#include "search/batch_evaluator.hpp"
#include "search/cluster_evaluator.hpp"
#include "search/embedding_set.hpp"
#include "search/objective.hpp"
#include "search/search_run.hpp"
#include "search/soft_snap.hpp"
#include "search/split_decodes.hpp"
#include "search/transition_evaluation.hpp"
#include "transition/transition.hpp"
#include "vae/melody_decoder.hpp"
#include "vision/plain_embedder.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

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

/// Candidates per round: --batch, else on --resume the run's own (a resume with another number of ranks asks the
/// same points), else one per rank (1 without mpirun or with --split-decodes; CMA-ES always asks its population).
int64_t round_size(const SearchArgs& args, int n_ranks) {
  if (args.batch > 0) return args.batch;
  if (args.optimizer == "cmaes") return 1;
  const fs::path checkpoint = fs::path(args.run_dir) / search::kCheckpointFile;
  if (args.resume && fs::is_regular_file(checkpoint)) {
    return read_json_file(checkpoint).at("config").value("batch", int64_t{1});
  }
  return args.split_decodes ? 1 : n_ranks;
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
  if (args.batch > 1) config["batch"] = args.batch;
  if (args.optimizer == "bo" && (args.batch > 1 || args.ask_ahead)) config["batch_acquisition"] = args.batch_acquisition;
  if (args.ask_ahead) config["ask_ahead"] = true;
  if (args.refit_every > 0) config["refit_every"] = args.refit_every;
  if (args.refit_lag > 0) config["refit_lag"] = args.refit_lag;
  if (!args.centres.empty()) config["centres"] = canonical_string(args.centres);
  if (args.soft_snap > 0.0) config["data"]["soft_snap"] = args.soft_snap;
  if (!o.penalty) config["objective"]["penalty"] = false;
  if (!t.driven_dims.empty()) {
    config["transition"]["driven_dims"] = t.driven_dims;
    config["transition"]["noise_amplitude"] = t.noise_amplitude;
  }
  return config;
}
void run_search_command(SearchArgs args) {
  if (!args.dims_from.empty()) args.transition.driven_dims = significant_dims(args.dims_from);
  if (args.reselect_by == "validation" && args.data != "original") {
    throw InputError("search --reselect-by validation needs --data original (its validation data is a fresh draw of that scheme)");
  }
  const fs::path model_path = vae_file(args.model);
  const fs::path embedder_path = embedder_file(args.embedder);
  const vae::MelodyDecoder decoder(model_path);
  const vision::PlainEmbedder embedder(embedder_path);
  const vision::ColourCentres centres = centres_to_use(args.centres, embedder);
  // What the transition is given: the raw embeddings, or soft-snapped with --soft-snap (the search's and validation's
  // train parts; their test parts are not used here).
  const auto transition_input = [&](const search::EmbeddingSet& raw) {
    return args.soft_snap > 0.0 ? search::soft_snap(raw, centres, args.soft_snap) : raw;
  };
  nlohmann::json data;
  const search::EmbeddingSet train = transition_input(search_data(args, embedder, centres, data).train);
  args.transition.latent_size = decoder.options().z_size;
  args.transition.embedding_size = train.embedding_size;
  const transition::Transition transition(args.transition);
  search::TripletObjective objective(decoder, transition, train, args.objective);

  const optim::SearchSpace space{.n_dims = args.transition.n_matrices, .lower = -args.transition.box,
                                 .upper = args.transition.box};
  const cluster::World& world = cluster::World::get();  // MPI under mpirun, else this process alone
  args.batch = round_size(args, world.size());
  auto optimizer = optim::make_optimizer(
      args.optimizer, space, args.seed,
      {.n_initial = args.initial,
       .batch = args.batch,
       .batch_acquisition = args.batch_acquisition,
       .refit_every = args.refit_every,
       .refit_lag = args.refit_lag});
  // Default budget (MISSION.md §5): 2,048 random points, then 12·K optimiser iterations.
  const int64_t budget = args.budget > 0 ? args.budget
                                         : (args.optimizer == "random" ? 2048 : 2048 + 12 * args.transition.n_matrices);
  const search::SearchRunOptions run{.run_dir = args.run_dir,
                                     .budget = budget,
                                     .resume = args.resume,
                                     .checkpoint_every = args.checkpoint_every,
                                     .show_progress = !args.quiet && !args.json && world.rank() == 0,
                                     .config = run_config(args, model_path, embedder_path, data),
                                     .transition = args.transition,
                                     .model = model_path.stem().string(),
                                     .ask_ahead = args.ask_ahead};
  const search::ObjectiveFunction f = [&](std::span<const double> a, int64_t index) {
    return objective.evaluate(a, index);
  };
  if (world.rank() != 0) {  // an evaluating rank: rank 0 owns the optimiser, the run folder and the output
    if (args.split_decodes) search::serve_decodes(world, objective);
    else search::serve_evaluations(world, f);
    return;
  }
  std::optional<cluster::WorkersStop> decoding_ranks;  // --split-decodes: the other ranks decode until the end
  if (args.split_decodes && world.size() > 1) {
    objective.set_items_decoder(search::split_decodes(world, objective));
    decoding_ranks.emplace(world);
  }
  search::SearchReport report;
  if (world.size() > 1 && !args.split_decodes) {
    search::ClusterEvaluator evaluator(world, f);  // the other ranks stop when it goes
    report = search::run_search(*optimizer, evaluator, run);
  } else {
    report = search::run_search(*optimizer, f, run);
  }

  std::optional<Reselected> reselected;
  if (args.reselect > 0) {
    // Validation: the data seed's own validation stream, which neither the search's data nor a test shares.
    const search::EmbeddingSet validation =
        args.reselect_by == "validation"
            ? transition_input(original_data(args, centres, args.data_seed, io::Stream::validation_data).train)
            : search::EmbeddingSet{};
    const auto validate = [&](std::span<const double> a) {
      const auto ev = search::evaluate_transition(decoder, transition, a, validation, {.n_steps = args.objective.n_steps});
      return search::ValidationScore{.tpr = ev.roc.tpr_at_max_fpr, .auc = ev.roc.auc};
    };
    reselected = reselect_run(fs::path(args.run_dir), f, run, args, validate, args.data_seed);
  }
  print_report(args, budget, report, reselected);
}

// The optimiser and its rounds: --optimizer, --budget, --initial, --batch, --batch-acquisition, --refit-every,
// --refit-lag, --ask-ahead (`args` outlives `cmd`: its callback holds it).
void add_optimizer_flags(CLI::App* cmd, SearchArgs* args) {
  cmd->add_option("--optimizer", args->optimizer, "random, bo, turbo or cmaes")
      ->check(CLI::IsMember({"random", "bo", "turbo", "cmaes"}))
      ->capture_default_str();
  cmd->add_option("--budget", args->budget,
                  "Total evaluations (default: random 2048; others 2048 + 12*K as the original's random + BO phases)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--initial", args->initial,
                  "bo and turbo: uniform points before the model (default: bo 2048, turbo 2*K)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--batch", args->batch,
                  "Candidates per round, evaluated at once (under mpirun, spread over the ranks). Default: the number "
                  "of ranks (1 without mpirun), or the run's own with --resume")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--batch-acquisition", args->batch_acquisition,
                  "bo: how a round of several points is chosen: penalised (local penalisation: one acquisition screening "
                  "per round, points kept apart) or believer (Kriging believer: one maximisation per point)")
      ->check(CLI::IsMember({"penalised", "believer"}))
      ->capture_default_str();
  cmd->add_option("--refit-every", args->refit_every,
                  "bo: evaluations between the GP's hyperparameter refits (default 50; each costs about 1 s at 3,000 "
                  "points, docs/SCALING.md)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--refit-lag", args->refit_lag,
                  "bo: run each hyperparameter refit in a thread of its own and use it this many rounds later (the "
                  "rounds between still use the old hyperparameters), so that rank 0 does not stop for it; 0 (the "
                  "default): refit at once, as the original")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--ask-ahead", args->ask_ahead,
                "random and bo: ask the next round while this one is evaluated (it then cannot use this round's "
                "losses), so that rank 0's optimiser work overlaps the evaluations instead of following them");
}

}  // namespace

void add_search_command(CLI::App& root) {
  auto args = std::make_shared<SearchArgs>();
  auto* cmd = root.add_subcommand("search", "Search the transition coefficients (random, GP-BO, TuRBO or CMA-ES)");
  add_model_flags(*cmd, args->model, args->embedder, args->centres, "Embedder model file with the colour centres");
  add_optimizer_flags(cmd, args.get());
  cmd->add_flag("--split-decodes", args->split_decodes,
                "Under mpirun: spread each evaluation's decodes over the ranks (one candidate at a time; for decoders whose "
                "one evaluation outlasts a round) instead of one candidate per rank. The losses are the same");
  cmd->add_flag("--resume", args->resume, "Continue the run in RUN_DIR (with the same or another number of ranks)");
  cmd->add_option("-o,--out", args->run_dir, "Run folder (checkpoint.json, history.csv, best_transition.safetensors, best_loss.png)")
      ->required();
  cmd->add_option("--data", args->data, "Train embeddings: original (centres + std/10 samples) or images")
      ->check(CLI::IsMember({"original", "images"}))
      ->capture_default_str();
  cmd->add_option("--images", args->images, "With --data images: folder of class folders of pictures")->check(CLI::ExistingDirectory);
  cmd->add_option("--class-sizes", args->class_sizes, "With --data original: 9 items-per-class counts (default 250 each)")
      ->expected(9);
  cmd->add_option("--data-seed", args->data_seed, "Seed of the original scheme's samples (drawn from its search.data stream)")->capture_default_str();
  cmd->add_option("--soft-snap", args->soft_snap,
                  "Search on soft-snapped embeddings: each replaced by the colour centres weighted by its class posterior "
                  "under N(mean, diag(T * std / 10)), T this temperature (docs/SEARCH.md); evaluate needs the same flag. "
                  "Default: the raw embeddings")
      ->check(CLI::PositiveNumber);
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
