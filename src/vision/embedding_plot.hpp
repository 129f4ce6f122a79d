// The picture of the embedding space: points in 3-D (e.g. PCA of the 9-d embeddings) drawn with
// OpenCV as a turntable view inside a wire cube, coloured by class, with a legend. No libtorch.
// Usage: auto frame = render_embedding_frame(xyz /*[N, 3]*/, labels, 30.0, {}); render::write_png("e.png", frame);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/row_matrix.hpp"

namespace vec2midi::vision {

struct EmbeddingPlotOptions {
  int64_t size = 640;              ///< square picture side in pixels
  int64_t n_frames = 72;           ///< frames of one full turn of the animation (5 degrees each)
  int64_t fps = 15;                ///< animation frame rate
  double elevation_degrees = 20;   ///< camera height above the horizontal plane
  double point_radius = 5;         ///< pixels
  std::string title = "Image2Vec embeddings";  ///< drawn at the top
  std::string subtitle;            ///< second line (e.g. the projection used)
};

/// One view of `points` [N, 3] (any scale; centred and scaled to fit) turned by `azimuth_degrees`
/// about the vertical axis; `labels` are class indices (colour_class.hpp). 8-bit BGR.
cv::Mat render_embedding_frame(const RowMatrix& points, const std::vector<int>& labels, double azimuth_degrees,
                               const EmbeddingPlotOptions& options);

/// options.n_frames views covering one full turn.
std::vector<cv::Mat> render_embedding_turntable(const RowMatrix& points, const std::vector<int>& labels,
                                                const EmbeddingPlotOptions& options);

}  // namespace vec2midi::vision
