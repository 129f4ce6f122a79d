// Measuring a trained embedder on a labelled folder: the CNN (nearest colour centre) and, in the
// same run on the same images, the classical baseline (hue histogram, nearest centroid). No libtorch: the network
// is a function — PlainEmbedder for a model file; train-embedder passes the libtorch network it has just trained.
// Usage: auto r = evaluate_embedder(read_measured_embedder("models/embedder.safetensors"), scan_folder_dataset(dir), true);
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/colour_centres.hpp"
#include "vision/colour_metrics.hpp"
#include "vision/embedder_record.hpp"
#include "vision/folder_dataset.hpp"
#include "vision/row_matrix.hpp"

namespace vec2midi::vision {

/// The embeddings of a batch of 8-bit BGR pictures (any size) -> [n, E].
using EmbedBatch = std::function<RowMatrix(const std::vector<cv::Mat>&)>;

/// The embedder measured: its network, its colour centres and what its file stores beside them.
struct MeasuredEmbedder {
  EmbedBatch embed;        ///< the network
  ColourCentres centres;   ///< [9, E]: the CNN classifies by the nearest
  EmbedderRecord record;   ///< the classical baseline fitted with it, and how it was trained
};

/// An embedder file's network (PlainEmbedder), centres and record. Throws InputError naming the path if it is not an
/// embedder file or a tensor is missing or has the wrong shape.
MeasuredEmbedder read_measured_embedder(const std::filesystem::path& path);

struct EmbedderEvaluation {
  ColourMetrics cnn;                    ///< nearest-centre classification in the embedding space
  ColourMetrics baseline;               ///< nearest-centroid classification of hue histograms
  std::vector<std::string> keys;        ///< the images, in order
  std::vector<int> labels;              ///< [N] true classes
  RowMatrix embeddings;                 ///< [N, E]
  RowMatrix features;                   ///< [N, F] colour_features(): the hue histogram the baseline used, then Lab
  std::vector<int> cnn_predicted;       ///< [N]
  std::vector<int> baseline_predicted;  ///< [N]
};

/// The classical baseline's features of `items` (colour_features(), hue_baseline.hpp), to fit it on the
/// same photos every model is measured against (a split's train part).
struct BaselineFeatures {
  RowMatrix features;       ///< [N, F]
  std::vector<int> labels;  ///< [N]
};

/// Loads every image of `items` and computes its features. Throws InputError naming an unreadable image.
BaselineFeatures baseline_features(const std::vector<LabelledImage>& items, const HueBaselineOptions& options,
                                   bool show_progress);

/// Embeds and classifies every image of `items` with both classifiers. Throws InputError naming
/// an unreadable image, or if `items` is empty.
EmbedderEvaluation evaluate_embedder(const MeasuredEmbedder& embedder, const std::vector<LabelledImage>& items,
                                     bool show_progress);

}  // namespace vec2midi::vision
