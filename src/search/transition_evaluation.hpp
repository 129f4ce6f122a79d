// Evaluation of a transition (MISSION.md §6; issue 6 item 5): decode every test embedding greedily,
// score every pair i < j by -distance (no penalty) labelled "same class", ROC-AUC and TPR at FPR <= 1e-3;
// and the inter-class distances of the first test melody of each class (with penalty).
// Usage: auto ev = evaluate_transition(decoder, transition, a, split.test, {}); ev.roc.auc;
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "eval/roc.hpp"
#include "music/melody.hpp"
#include "search/embedding_set.hpp"
#include "transition/transition.hpp"
#include "vae/melody_decoder.hpp"

namespace vec2midi::search {

/// Evaluation settings (MISSION.md §6).
struct TransitionEvaluationOptions {
  int64_t n_steps = 16;                ///< decoded steps (the original: length = 16)
  double max_fpr = eval::kReportedFpr; ///< sensitivity is reported at FPR <= this (1e-3)
};

/// What the evaluation found.
struct TransitionEvaluation {
  std::vector<music::Melody> melodies;  ///< one per test item, in order
  std::vector<int> labels;              ///< their classes
  eval::RocSummary roc;                 ///< AUC, TPR at FPR <= max_fpr, curve
  int64_t n_pairs = 0;                  ///< pairs scored, n(n-1)/2
  /// distance(first melody of class i, first of class j, positive, with penalty); NaN where a class has no item.
  std::vector<std::vector<double>> interclass;
};

/// Decodes `test` through M = transition.combine(a) and evaluates it. Throws InputError if the test set
/// has fewer than two classes (no negative pairs) or no two items of one class (no positive pairs).
TransitionEvaluation evaluate_transition(const vae::MelodyDecoder& decoder, const transition::Transition& transition,
                                         std::span<const double> a, const EmbeddingSet& test,
                                         const TransitionEvaluationOptions& options = {});

/// The score of every pair (i, j) as the evaluation scores it, -distance(i, j, positive, no penalty), as a
/// row-major n x n matrix (diagonal 0), for bootstrap intervals (eval/bootstrap.hpp).
std::vector<double> pairwise_score_matrix(const std::vector<music::Melody>& melodies);

/// For each class i, its distances to the other classes (row i of `interclass` without i and NaNs).
std::vector<std::vector<double>> interclass_groups(const std::vector<std::vector<double>>& interclass);

}  // namespace vec2midi::search
