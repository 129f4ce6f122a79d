#include "eval/bootstrap.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "io/error.hpp"
#include "io/random.hpp"

namespace vec2midi::eval {
namespace {

/// The q-quantile of sorted values, linear between order statistics.
double quantile(const std::vector<double>& sorted, double q) {
  const double at = q * double(sorted.size() - 1);
  const auto lo = size_t(std::floor(at));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (at - double(lo)) * (sorted[hi] - sorted[lo]);
}

Interval percentile_interval(std::vector<double> values, double level) {
  std::sort(values.begin(), values.end());
  const double tail = (1.0 - level) / 2.0;
  return {quantile(values, tail), quantile(values, 1.0 - tail)};
}

}  // namespace

RocIntervals bootstrap_pairwise_roc(std::span<const double> scores, std::span<const int> classes,
                                    const BootstrapOptions& options) {
  const auto n = int64_t(classes.size());
  if (n < 2 || int64_t(scores.size()) != n * n) {
    throw InputError("bootstrap: needs an n x n score matrix for n >= 2 items, got " + std::to_string(scores.size()) +
                     " scores for " + std::to_string(n) + " items");
  }
  if (options.n_resamples < 1 || !(options.level > 0.0 && options.level < 1.0)) {
    throw InputError("bootstrap: needs at least one resample and a level in (0, 1)");
  }
  std::mt19937_64 gen(options.seed);
  std::vector<double> aucs, tprs, pair_scores;
  std::vector<uint8_t> pair_labels;
  std::vector<int64_t> drawn(static_cast<size_t>(n));
  for (int64_t r = 0; r < options.n_resamples; ++r) {
    for (auto& d : drawn) d = io::uniform_int(gen, n);
    pair_scores.clear();
    pair_labels.clear();
    bool has_positive = false, has_negative = false;
    for (int64_t p = 0; p < n; ++p) {
      for (int64_t q = p + 1; q < n; ++q) {
        const int64_t i = drawn[size_t(p)], j = drawn[size_t(q)];
        if (i == j) continue;
        const bool same = classes[size_t(i)] == classes[size_t(j)];
        pair_scores.push_back(scores[size_t(i * n + j)]);
        pair_labels.push_back(same ? 1 : 0);
        (same ? has_positive : has_negative) = true;
      }
    }
    if (has_positive && has_negative) {
      const RocSummary s = evaluate_roc(pair_scores, pair_labels, options.max_fpr);
      aucs.push_back(s.auc);
      tprs.push_back(s.tpr_at_max_fpr);
    }
    if (options.after_each) options.after_each();
  }
  if (aucs.empty()) throw InputError("bootstrap: no resample had both same-class and different-class pairs");
  return {.auc = percentile_interval(aucs, options.level), .tpr = percentile_interval(tprs, options.level),
          .n_resamples = int64_t(aucs.size())};
}

}  // namespace vec2midi::eval
