// Bootstrap intervals for pairwise ROC figures (AUC, TPR at FPR <= 1e-3) when the test set is small: the
// test *items* are resampled with replacement (pairs share items, so resampling pairs would understate the
// spread), each resample's pairs are re-scored from the full score matrix, and the percentile interval of
// each figure is reported (Efron & Tibshirani 1993, ch. 13).
// Usage: auto ci = bootstrap_pairwise_roc(scores /*n x n*/, classes, {.n_resamples = 200}); ci.auc.low;
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "eval/interval.hpp"
#include "eval/roc.hpp"

namespace vec2midi::eval {

struct BootstrapOptions {
  int64_t n_resamples = 200;      ///< resamples of the items (percentile intervals need a few hundred)
  uint64_t seed = 0;              ///< std::mt19937_64 seed of the resampling
  double level = 0.95;            ///< two-sided coverage of the interval
  double max_fpr = kReportedFpr;  ///< the FPR bound of the TPR figure
  std::function<void()> after_each;  ///< called after each resample (a progress line; none by default)
};

struct RocIntervals {
  Interval auc;               ///< of roc_auc()
  Interval tpr;               ///< of the TPR at FPR <= max_fpr
  int64_t n_resamples = 0;    ///< resamples used (those with both positive and negative pairs)
};

/// Intervals for the ROC of all pairs i < j scored by `scores` (row-major n x n, symmetric; the diagonal is
/// never used) and labelled same-class by `classes` (n). A resample's pairs are all position pairs p < q
/// whose drawn items differ. Throws InputError if the sizes differ, n < 2 or no resample has both labels.
RocIntervals bootstrap_pairwise_roc(std::span<const double> scores, std::span<const int> classes,
                                    const BootstrapOptions& options = {});

}  // namespace vec2midi::eval
