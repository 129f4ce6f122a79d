#include "eval/roc.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "io/error.hpp"

namespace vec2midi::eval {

namespace {

struct ClassCounts {
  int64_t n_positive = 0;
  int64_t n_negative = 0;
};

ClassCounts check_inputs(std::span<const double> scores, std::span<const uint8_t> labels) {
  if (scores.size() != labels.size()) {
    throw InputError("ROC: " + std::to_string(scores.size()) + " scores but " + std::to_string(labels.size()) +
                     " labels");
  }
  ClassCounts counts;
  for (size_t i = 0; i < scores.size(); ++i) {
    if (std::isnan(scores[i])) throw InputError("ROC: score " + std::to_string(i) + " is NaN");
    (labels[i] != 0 ? counts.n_positive : counts.n_negative) += 1;
  }
  if (counts.n_positive == 0 || counts.n_negative == 0) {
    throw InputError("ROC: needs both classes, got " + std::to_string(counts.n_positive) + " positive and " +
                     std::to_string(counts.n_negative) + " negative pairs");
  }
  return counts;
}

// Indices of `scores` sorted by decreasing score (stable, so equal scores keep their order).
std::vector<size_t> order_by_decreasing_score(std::span<const double> scores) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  return order;
}

}  // namespace

RocCurve roc_curve(std::span<const double> scores, std::span<const uint8_t> labels) {
  const ClassCounts counts = check_inputs(scores, labels);
  RocCurve curve;
  curve.n_positive = counts.n_positive;
  curve.n_negative = counts.n_negative;
  curve.points.push_back({std::numeric_limits<double>::infinity(), 0.0, 0.0});
  const auto order = order_by_decreasing_score(scores);
  int64_t tp = 0;
  int64_t fp = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    (labels[order[i]] != 0 ? tp : fp) += 1;
    // One point per distinct score: after the last of a run of equal scores.
    if (i + 1 == order.size() || scores[order[i + 1]] != scores[order[i]]) {
      curve.points.push_back({scores[order[i]], static_cast<double>(fp) / static_cast<double>(counts.n_negative),
                              static_cast<double>(tp) / static_cast<double>(counts.n_positive)});
    }
  }
  return curve;
}

double roc_auc(std::span<const double> scores, std::span<const uint8_t> labels) {
  const ClassCounts counts = check_inputs(scores, labels);
  // Mann–Whitney U from ranks (1-based, increasing score); tied scores share their average rank.
  auto order = order_by_decreasing_score(scores);
  std::reverse(order.begin(), order.end());
  double positive_rank_sum = 0.0;
  size_t run_start = 0;
  while (run_start < order.size()) {
    size_t run_end = run_start + 1;
    while (run_end < order.size() && scores[order[run_end]] == scores[order[run_start]]) ++run_end;
    const double average_rank = 0.5 * static_cast<double>(run_start + 1 + run_end);  // mean of start+1..end
    for (size_t i = run_start; i < run_end; ++i) {
      if (labels[order[i]] != 0) positive_rank_sum += average_rank;
    }
    run_start = run_end;
  }
  const double n_pos = static_cast<double>(counts.n_positive);
  const double n_neg = static_cast<double>(counts.n_negative);
  const double u = positive_rank_sum - n_pos * (n_pos + 1.0) / 2.0;
  return u / (n_pos * n_neg);
}

double tpr_at_fpr(const RocCurve& curve, double max_fpr) {
  double best = 0.0;
  for (const auto& p : curve.points) {
    if (p.fpr <= max_fpr) best = std::max(best, p.tpr);
  }
  return best;
}

RocSummary evaluate_roc(std::span<const double> scores, std::span<const uint8_t> labels, double max_fpr) {
  RocSummary summary;
  summary.curve = roc_curve(scores, labels);
  summary.auc = roc_auc(scores, labels);
  summary.max_fpr = max_fpr;
  summary.tpr_at_max_fpr = tpr_at_fpr(summary.curve, max_fpr);
  return summary;
}

PairwiseScores pairwise_melody_scores(std::span<const music::MelodyFeatures> melodies,
                                      std::span<const int> classes) {
  if (melodies.size() != classes.size()) {
    throw InputError("pairwise scores: " + std::to_string(melodies.size()) + " melodies but " +
                     std::to_string(classes.size()) + " classes");
  }
  const size_t n = melodies.size();
  PairwiseScores out;
  out.scores.reserve(n * (n - std::min<size_t>(n, 1)) / 2);
  out.labels.reserve(out.scores.capacity());
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      out.scores.push_back(-music::melody_distance(melodies[i], melodies[j], /*positive=*/true,
                                                   /*penalty_enabled=*/false));
      out.labels.push_back(classes[i] == classes[j] ? 1 : 0);
    }
  }
  return out;
}

}  // namespace vec2midi::eval
