// Figures of merit for colour classifiers in an embedding (or feature) space: top-1 accuracy,
// per-class recall, the confusion matrix, and the pairwise same-class ROC-AUC (every pair i < j
// scored by minus its squared distance, positive when both have the same class). No libtorch.
// Usage: auto m = colour_metrics(points /*[N, D]*/, labels, predicted, 9); nlohmann::json j = to_json(m);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/interval.hpp"
#include "vision/row_matrix.hpp"

namespace vec2midi::vision {

struct ColourMetrics {
  int64_t n_images = 0;
  double accuracy = 0;                           ///< share of images whose prediction is right
  eval::Interval accuracy_interval;              ///< its Wilson 95 % interval (eval/interval.hpp)
  std::vector<double> recall;                    ///< per class; NaN where the class has no image
  std::vector<eval::Interval> recall_interval;   ///< per class, Wilson 95 %; NaN where the class has no image
  std::vector<std::vector<int64_t>> confusion;   ///< [true class][predicted class] counts
  double pairwise_auc = 0;                       ///< same-class pair ROC-AUC; NaN without both kinds of pair
};

/// Same-class ROC-AUC (eval::roc_auc, Mann-Whitney with ties one half) of the pairs i < j of
/// `points` [N, D] scored by -||p_i - p_j||^2 (in double); NaN without both same- and different-class pairs.
/// Throws Error unless there is one label per point.
double pairwise_same_class_auc(const RowMatrix& points, std::span<const int> labels);

/// All figures for one classifier: points [N, D], labels and predicted [N] in [0, n_classes). Throws Error
/// unless the sizes agree and every class is in range.
ColourMetrics colour_metrics(const RowMatrix& points, std::span<const int> labels, std::span<const int> predicted,
                             int n_classes);

/// {"accuracy", "accuracy_interval": [low, high], "per_class": {name: recall}, "per_class_interval": {name: [low,
/// high]}, "confusion": [[...]], "pairwise_auc", "n_images"} (NaN -> null).
nlohmann::json to_json(const ColourMetrics& metrics);

}  // namespace vec2midi::vision
