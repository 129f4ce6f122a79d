// ROC evaluation of melodies (MISSION.md §6): every pair i < j of test melodies is scored by
// -distance(i, j, positive, no penalty) and labelled "same class"; ROC curve, AUC and TPR at a low FPR.
// Usage: auto pairs = pairwise_melody_scores(features, classes);
//        auto roc = evaluate_roc(pairs.scores, pairs.labels);  // roc.auc, roc.tpr_at_max_fpr
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "music/melody_distance.hpp"

namespace vec2midi::eval {

/// The false-positive rate the original reports sensitivity at (MISSION.md §6: "TPR at FPR = 1e-3").
inline constexpr double kReportedFpr = 1e-3;

/// One point of an ROC curve: predicting "positive" for every score >= threshold.
struct RocPoint {
  double threshold = 0.0;  ///< score cut (+infinity for the first point, where nothing is predicted)
  double fpr = 0.0;        ///< false-positive rate, FP / n_negative
  double tpr = 0.0;        ///< true-positive rate (sensitivity), TP / n_positive
};

/// An ROC curve with one point per distinct score (sklearn's roc_curve with drop_intermediate=False):
/// starts at (0, 0), ends at (1, 1), FPR and TPR non-decreasing.
struct RocCurve {
  std::vector<RocPoint> points;  ///< by decreasing threshold
  int64_t n_positive = 0;        ///< number of positive labels
  int64_t n_negative = 0;        ///< number of negative labels
};

/// The ROC curve of `scores` (higher = more likely positive) against `labels` (non-zero = positive).
/// Throws InputError if the sizes differ, a score is NaN, or either class is absent.
RocCurve roc_curve(std::span<const double> scores, std::span<const uint8_t> labels);

/// ROC-AUC as the Mann–Whitney statistic: P(score of a positive > score of a negative), ties counting
/// one half (average ranks); equals the trapezoidal area under roc_curve(). Throws like roc_curve().
double roc_auc(std::span<const double> scores, std::span<const uint8_t> labels);

/// The TPR of the curve point with the largest FPR <= max_fpr (the largest TPR among all points with
/// FPR <= max_fpr). The original plotted the point whose FPR is *nearest* 1e-3 instead; the issue asks
/// for FPR <= 1e-3, which never reports a rate obtained with more false positives than allowed.
double tpr_at_fpr(const RocCurve& curve, double max_fpr);

/// Everything the evaluation reports about one set of scored pairs.
struct RocSummary {
  double auc = 0.0;             ///< roc_auc()
  double max_fpr = kReportedFpr;  ///< the FPR bound of tpr_at_max_fpr
  double tpr_at_max_fpr = 0.0;  ///< tpr_at_fpr(curve, max_fpr)
  RocCurve curve;               ///< for plotting
};

/// AUC, TPR at FPR <= max_fpr and the curve. Throws like roc_curve().
RocSummary evaluate_roc(std::span<const double> scores, std::span<const uint8_t> labels,
                        double max_fpr = kReportedFpr);

/// Scores and labels of all pairs i < j, in the order (0,1), (0,2), ..., (1,2), ... (the original's
/// compute_probs).
struct PairwiseScores {
  std::vector<double> scores;   ///< -melody_distance(i, j, positive, no penalty)
  std::vector<uint8_t> labels;  ///< 1 when classes[i] == classes[j]
};

/// Scores every pair of melodies i < j as MISSION.md §6 does. Throws InputError if the sizes differ.
PairwiseScores pairwise_melody_scores(std::span<const music::MelodyFeatures> melodies,
                                      std::span<const int> classes);

}  // namespace vec2midi::eval
