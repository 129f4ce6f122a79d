// Colour centres of the embedding space: per class, the mean embedding and the per-dimension standard deviation
// of its training images (MISSION.md §1); at use, the nearest centre by squared L2 (centre_distances.hpp).
// Plain float arrays, no libtorch.
// Usage: ColourCentres c = compute_centres(e /*[N, E]*/, labels /*[N]*/, E);  c.mean_of(kRed);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "vision/colour_class.hpp"

namespace vec2midi::vision {

/// Mean and spread of each class in the embedding space.
struct ColourCentres {
  int64_t embedding_size = 0;  ///< E
  std::vector<float> mean;     ///< [n_classes, E] row-major: the centre of each class
  std::vector<float> std;      ///< [n_classes, E] row-major: per-dimension standard deviation (population)

  int64_t n_classes() const { return embedding_size > 0 ? int64_t(mean.size()) / embedding_size : 0; }
  /// Row c of mean / std.
  std::span<const float> mean_of(int c) const { return row(mean, c); }
  std::span<const float> std_of(int c) const { return row(std, c); }

 private:
  std::span<const float> row(const std::vector<float>& v, int c) const {
    return std::span<const float>(v).subspan(size_t(c) * size_t(embedding_size), size_t(embedding_size));
  }
};

/// Centres of `embeddings` [N, E] row-major grouped by `labels` [N] (0..n_classes-1), mean and population std in
/// double. Throws InputError naming the class if one has no embedding, or if the sizes disagree.
ColourCentres compute_centres(std::span<const float> embeddings, std::span<const int> labels, int64_t embedding_size,
                              int n_classes = kNumClasses);

}  // namespace vec2midi::vision
