// A whole search run in RUN_DIR (issue 6 item 4): ask/evaluate/tell up to a budget with a progress line
// (evaluations, best loss, evaluations/min, ETA); every evaluation appended to history.csv as soon as it
// finishes (a journal: index, loss, seconds, a_0..a_{K-1}); every 100 evaluations an atomic checkpoint.json
// (the optimiser's state), best_transition.safetensors and best_loss.png. A round of q candidates may be
// evaluated at once (batch_evaluator.hpp; over MPI ranks, cluster_evaluator.hpp). A killed run resumed with
// `resume` replays the journal past its last checkpoint, so no evaluation is repeated or lost.
// Usage: auto report = run_search(*optimizer, objective, {.run_dir = "runs/a", .budget = 2048});
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "optim/optimizer.hpp"
#include "search/history_file.hpp"
#include "transition/transition.hpp"

namespace vec2midi::search {

/// The loss of candidate a as evaluation number `index` (0-based, in run order).
using ObjectiveFunction = std::function<double(std::span<const double> a, int64_t index)>;

/// What a run does and where it writes.
struct SearchRunOptions {
  std::filesystem::path run_dir;     ///< created if missing
  int64_t budget = 2048;             ///< total evaluations of the run (resumed ones included)
  bool resume = false;               ///< continue the run in run_dir (else run_dir must hold no run)
  int64_t checkpoint_every = 100;    ///< evaluations between checkpoints (MISSION.md §5: every 100)
  bool show_progress = true;         ///< progress line on stderr
  nlohmann::json config = nlohmann::json::object();  ///< what the run is; a resume must present the same
  transition::TransitionOptions transition;      ///< written with the best coefficients
  std::string model;                 ///< model name stored in best_transition.safetensors
  /// Ask the next round while this one is evaluated (optimisers that can_ask_ahead(): random, bo): the next round
  /// cannot see this round's losses, but the optimiser's work overlaps the evaluations instead of adding to them.
  /// Part of what the run is (the history differs): recorded in the checkpoint like any setting.
  bool ask_ahead = false;
};

/// What a run did.
struct SearchReport {
  int64_t n_evaluations = 0;    ///< history size at the end
  int64_t n_evaluated = 0;      ///< evaluations computed by this call
  int64_t n_replayed = 0;       ///< journal rows past the checkpoint reused on resume
  int64_t best_index = -1;      ///< evaluation number of the best loss
  double best_loss = 0.0;
  std::vector<double> best;     ///< its coefficients
  double seconds = 0.0;         ///< wall time of this call
  double evaluations_per_minute = 0.0;  ///< of this call's own evaluations
};

/// The history file's name, the checkpoint's, the best transition's and the plot's in run_dir.
inline constexpr char kHistoryFile[] = "history.csv";
inline constexpr char kCheckpointFile[] = "checkpoint.json";
inline constexpr char kBestTransitionFile[] = "best_transition.safetensors";
inline constexpr char kBestLossPlot[] = "best_loss.png";

class BatchEvaluator;

/// Runs (or resumes) the search, each round (the optimiser's preferred batch) evaluated by `evaluator`. Throws
/// InputError if run_dir holds a run and !resume, if resume finds a checkpoint of another configuration, or the
/// files are malformed; Error if a file cannot be written or an evaluation gives a non-finite loss.
SearchReport run_search(optim::Optimizer& optimizer, BatchEvaluator& evaluator, const SearchRunOptions& options);

/// The same with every evaluation in this process (LocalEvaluator).
SearchReport run_search(optim::Optimizer& optimizer, const ObjectiveFunction& objective, const SearchRunOptions& options);

/// best_loss.png: the best loss so far against the evaluation count, with every loss as dots.
void write_best_loss_plot(const std::filesystem::path& path, const std::vector<HistoryRow>& history,
                          const std::string& title);

}  // namespace vec2midi::search
