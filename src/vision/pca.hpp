// Principal component analysis for drawing embeddings in 3-D: the top-k eigenvectors of the
// sample covariance, with a fixed sign (largest-magnitude entry positive) so pictures are stable. No libtorch.
// Usage: auto pca = fit_pca(e /*[N, 9]*/, 3); RowMatrix xyz = project(pca, e);  // [N, 3]
#pragma once

#include <cstdint>

#include <Eigen/Core>

#include "vision/row_matrix.hpp"

namespace vec2midi::vision {

struct Pca {
  Eigen::VectorXf mean;             ///< [D] mean of the fitted points
  Eigen::MatrixXf components;       ///< [k, D] unit principal directions, largest variance first
  Eigen::VectorXf explained_ratio;  ///< [k] share of the total variance along each direction
};

/// The top `k` principal directions of `points` [N, D] (N >= 2), from the covariance in double. Directions beyond
/// D are zero. Throws InputError with fewer than two points.
Pca fit_pca(const RowMatrix& points, int64_t k);

/// Coordinates of `points` [N, D] along the components -> [N, k].
RowMatrix project(const Pca& pca, const RowMatrix& points);

}  // namespace vec2midi::vision
