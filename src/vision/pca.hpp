// Principal component analysis for drawing embeddings in 3-D: the top-k eigenvectors of the
// sample covariance, with a fixed sign (largest-magnitude entry positive) so pictures are stable.
// Usage: auto pca = fit_pca(e /*[N, 9]*/, 3); auto xyz = project(pca, e);  // [N, 3]
#pragma once

#include <cstdint>

#include <torch/torch.h>

namespace vec2midi::vision {

struct Pca {
  torch::Tensor mean;              ///< [D] mean of the fitted points
  torch::Tensor components;        ///< [k, D] unit principal directions, largest variance first
  torch::Tensor explained_ratio;   ///< [k] share of the total variance along each direction
};

/// The top `k` principal directions of `points` [N, D] (N >= 2). Directions beyond D are zero.
Pca fit_pca(const torch::Tensor& points, int64_t k);

/// Coordinates of `points` [N, D] along the components -> [N, k].
torch::Tensor project(const Pca& pca, const torch::Tensor& points);

}  // namespace vec2midi::vision
