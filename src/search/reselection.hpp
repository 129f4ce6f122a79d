// Choosing the search's result among its best candidates (issue 6), two ways:
// - fresh loss: the objective draws fresh triplets for every evaluation, so the lowest loss of a long run
//   is partly a lucky draw (the winner's curse). The `top` best candidates of the history are evaluated
//   `draws` more times each, on triplets no run evaluation used, and the lowest mean of those new losses
//   wins (the search loss that picked them is biased low and takes no part);
// - validation: the `top` best are scored by a validation function (the evaluation's TPR at FPR <= 1e-3
//   and AUC on data the search never saw, and that is not the test data) and the highest TPR wins.
// Usage: auto r = reselect_best(history, objective, {.top = 20, .draws = 5});
//        auto v = select_by_validation(history, validate, {.top = 20});
//        history[r.candidates[r.chosen].row].a is the chosen coefficient vector.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "search/search_run.hpp"

namespace vec2midi::search {

/// Evaluation index of the first re-evaluation: far past any run's budget, so its triplets are new.
inline constexpr int64_t kReselectionFirstIndex = 1'000'000'000;

/// The files re-selection adds to a run folder.
inline constexpr char kReselectedTransitionFile[] = "reselected_transition.safetensors";
inline constexpr char kReselectionFile[] = "reselection.json";

/// How many candidates are re-evaluated and how often.
struct ReselectionOptions {
  int64_t top = 20;          ///< best candidates of the history (by search loss) re-evaluated
  int64_t draws = 5;         ///< fresh evaluations of each
  int64_t first_index = kReselectionFirstIndex;  ///< evaluation index of the first re-evaluation
  bool show_progress = true; ///< progress line on stderr
};

/// One re-evaluated candidate.
struct ReselectedCandidate {
  std::size_t row = 0;        ///< position in the history
  int64_t index = 0;          ///< its evaluation number in the run
  double search_loss = 0.0;   ///< the loss the search saw
  std::vector<double> losses; ///< the fresh losses
  double mean = 0.0;          ///< their mean
  double stddev = 0.0;        ///< their sample standard deviation (0 for one draw)
};

/// The re-evaluated candidates in search-loss order and which one won.
struct Reselection {
  std::vector<ReselectedCandidate> candidates;
  std::size_t chosen = 0;  ///< position in `candidates` of the lowest mean (ties: the better search loss)
};

/// Re-evaluates min(top, history size) best rows. Candidate k's draw d is evaluation index
/// first_index + k·draws + d. Throws InputError for an empty history, top < 1 or draws < 1.
Reselection reselect_best(const std::vector<HistoryRow>& history, const ObjectiveFunction& objective,
                          const ReselectionOptions& options);

/// A candidate's measures on validation data.
struct ValidationScore {
  double tpr = 0.0;  ///< TPR at FPR <= 1e-3 (the goal's measure)
  double auc = 0.0;  ///< ROC-AUC (breaks TPR ties)
};

/// Scores coefficients a on validation data.
using ValidationFunction = std::function<ValidationScore(std::span<const double> a)>;

/// One validated candidate.
struct ValidatedCandidate {
  std::size_t row = 0;       ///< position in the history
  int64_t index = 0;         ///< its evaluation number in the run
  double search_loss = 0.0;  ///< the loss the search saw
  ValidationScore score;
};

/// The validated candidates in search-loss order and which one won.
struct Validation {
  std::vector<ValidatedCandidate> candidates;
  std::size_t chosen = 0;  ///< highest TPR; ties: higher AUC, then the better search loss
};

/// Scores min(top, history size) best rows. Throws InputError for an empty history or top < 1.
Validation select_by_validation(const std::vector<HistoryRow>& history, const ValidationFunction& validate,
                                int64_t top, bool show_progress = true);

}  // namespace vec2midi::search
