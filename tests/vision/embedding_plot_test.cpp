#include "vision/embedding_plot.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"

#include "vision/colour_class.hpp"

namespace vec2midi::vision {
namespace {

bool has_colour(const cv::Mat& image, std::array<unsigned char, 3> bgr) {
  for (int y = 0; y < image.rows; ++y)
    for (int x = 0; x < image.cols; ++x)
      if (image.at<cv::Vec3b>(y, x) == cv::Vec3b(bgr[0], bgr[1], bgr[2])) return true;
  return false;
}

TEST(EmbeddingPlot, FrameHasTheRequestedSizeAndClassColours) {
  EmbeddingPlotOptions options;
  options.size = 300;
  RowMatrix points(2, 3);
  points << 0.0f, 0.0f, 0.0f, 1.0f, 1.0f, 1.0f;
  const cv::Mat frame = render_embedding_frame(points, {class_index("red"), class_index("green")}, 0.0, options);
  EXPECT_EQ(frame.rows, 300);
  EXPECT_EQ(frame.cols, 300);
  EXPECT_TRUE(has_colour(frame, class_display_bgr(class_index("red"))));
  EXPECT_TRUE(has_colour(frame, class_display_bgr(class_index("green"))));
}

TEST(EmbeddingPlot, TurningChangesThePicture) {
  EmbeddingPlotOptions options;
  options.size = 200;
  RowMatrix points(3, 3);
  points << -1.0f, 0.0f, 0.0f, 1.0f, 0.5f, 0.2f, 0.0f, -1.0f, 1.0f;
  const std::vector<int> labels = {0, 1, 2};
  const cv::Mat a = render_embedding_frame(points, labels, 0.0, options), b = render_embedding_frame(points, labels, 90.0, options);
  EXPECT_GT(cv::norm(a, b, cv::NORM_L1), 0.0);
}

TEST(EmbeddingPlot, TurntableHasOneFramePerStep) {
  EmbeddingPlotOptions options;
  options.size = 200;
  options.n_frames = 4;
  EXPECT_EQ(render_embedding_turntable(RowMatrix::Zero(1, 3), {0}, options).size(), 4u);
}

TEST(EmbeddingPlot, MismatchedLabelsAreRefused) {
  EXPECT_THROW(render_embedding_frame(RowMatrix::Zero(2, 3), {0}, 0.0, {}), Error);
}

}  // namespace
}  // namespace vec2midi::vision
