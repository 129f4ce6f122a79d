// Measuring a trained embedder on a labelled folder: the CNN (nearest colour centre) and, in the
// same run on the same images, the classical baseline (hue histogram, nearest centroid).
// Usage: auto r = evaluate_embedder(model, scan_folder_dataset(dir), true); r.cnn.accuracy;
#pragma once

#include <string>
#include <vector>

#include <torch/torch.h>

#include "vision/colour_metrics.hpp"
#include "vision/embedder_model.hpp"
#include "vision/folder_dataset.hpp"

namespace vec2midi::vision {

struct EmbedderEvaluation {
  ColourMetrics cnn;                 ///< nearest-centre classification in the embedding space
  ColourMetrics baseline;            ///< nearest-centroid classification of hue histograms
  std::vector<std::string> keys;     ///< the images, in order
  torch::Tensor labels;              ///< [N] int64 true classes
  torch::Tensor embeddings;          ///< [N, E]
  torch::Tensor features;            ///< [N, F] colour_features(): the hue histogram the baseline used, then Lab
  torch::Tensor cnn_predicted;       ///< [N] int64
  torch::Tensor baseline_predicted;  ///< [N] int64
};

/// The classical baseline's features of `items` (colour_features(), hue_baseline.hpp), to fit it on the
/// same photos every model is measured against (a split's train part).
struct BaselineFeatures {
  torch::Tensor features;  ///< [N, F]
  torch::Tensor labels;    ///< [N] int64
};

/// Loads every image of `items` and computes its features. Throws InputError naming an unreadable image.
BaselineFeatures baseline_features(const std::vector<LabelledImage>& items, const HueBaselineOptions& options,
                                   bool show_progress);

/// Embeds and classifies every image of `items` with both classifiers. Throws InputError naming
/// an unreadable image, or if `items` is empty.
EmbedderEvaluation evaluate_embedder(EmbedderModel& model, const std::vector<LabelledImage>& items, bool show_progress);

}  // namespace vec2midi::vision
