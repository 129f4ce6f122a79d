// Points as the rows of a matrix — embeddings [N, E], colour features [N, F], projections [N, 3] — in float and
// row-major, so that data() is the row-major float array that colour_centres.hpp and centre_distances.hpp take.
// Usage: RowMatrix e(n, 9); e.row(0) = ...; nearest_centres({e.data(), size_t(e.size())}, centres, e.cols());
#pragma once

#include <span>

#include <Eigen/Core>

namespace vec2midi::vision {

/// [N, D]: one point per row, row-major.
using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// The values of `m` as one row-major array.
inline std::span<const float> row_major_values(const RowMatrix& m) { return {m.data(), size_t(m.size())}; }

}  // namespace vec2midi::vision
