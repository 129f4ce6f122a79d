// Colour centres of the embedding space: per class, the mean embedding and the per-dimension
// standard deviation of its training images (MISSION.md §1); at use, the nearest centre by squared L2.
// Usage: auto centres = compute_centres(e /*[N, E]*/, labels /*[N]*/); auto c = nearest_centres(e, centres);
#pragma once

#include <cstdint>
#include <vector>

#include <torch/torch.h>

namespace vec2midi::vision {

/// Mean and spread of each class in the embedding space.
struct ColourCentres {
  torch::Tensor mean;  ///< [n_classes, E] float32, the centre of each class
  torch::Tensor std;   ///< [n_classes, E] float32, per-dimension standard deviation (population)
};

/// Centres of `embeddings` [N, E] grouped by `labels` [N] (int64, 0..n_classes-1). Throws
/// InputError naming the class if one has no embedding.
ColourCentres compute_centres(const torch::Tensor& embeddings, const torch::Tensor& labels, int64_t n_classes);

/// Squared L2 distances of every embedding [N, E] to every centre -> [N, n_classes].
torch::Tensor squared_distances(const torch::Tensor& embeddings, const torch::Tensor& centres);

/// Index of the nearest centre of each row of `embeddings` [N, E] -> [N] int64.
torch::Tensor nearest_centres(const torch::Tensor& embeddings, const torch::Tensor& centres);

}  // namespace vec2midi::vision
