#include "vision/network_input.hpp"

#include <gtest/gtest.h>

namespace vec2midi::vision {
namespace {

TEST(NetworkInput, ShapeIsChannelsFirst) {
  const auto x = to_network_input(cv::Mat(30, 50, CV_8UC3, cv::Scalar(0, 0, 0)), 64);
  EXPECT_EQ(x.sizes(), (std::vector<int64_t>{3, 64, 64}));
}

TEST(NetworkInput, ChannelsAreRgbScaledToMinusOneOne) {
  // Pure red in OpenCV's BGR order.
  const auto x = to_network_input(cv::Mat(8, 8, CV_8UC3, cv::Scalar(0, 0, 255)), 8);
  EXPECT_FLOAT_EQ(x[0][3][3].item<float>(), 1.0f);   // R
  EXPECT_FLOAT_EQ(x[1][3][3].item<float>(), -1.0f);  // G
  EXPECT_FLOAT_EQ(x[2][3][3].item<float>(), -1.0f);  // B
}

TEST(NetworkInput, ConstantImageStaysConstantAfterResize) {
  const auto x = to_network_input(cv::Mat(300, 200, CV_8UC3, cv::Scalar(51, 102, 204)), 128);
  EXPECT_NEAR(x[0].min().item<float>(), 204 / 127.5f - 1, 1e-6);
  EXPECT_NEAR(x[0].max().item<float>(), 204 / 127.5f - 1, 1e-6);
}

TEST(NetworkInput, BatchStacksImagesInOrder) {
  const auto batch = images_to_batch({cv::Mat(4, 4, CV_8UC3, cv::Scalar(0, 0, 0)), cv::Mat(9, 9, CV_8UC3, cv::Scalar(255, 255, 255))}, 16);
  EXPECT_EQ(batch.sizes(), (std::vector<int64_t>{2, 3, 16, 16}));
  EXPECT_FLOAT_EQ(batch[0].max().item<float>(), -1.0f);
  EXPECT_FLOAT_EQ(batch[1].min().item<float>(), 1.0f);
}

TEST(NetworkInput, BicubicResizeOvershootsAtSharpEdges) {
  // Bicubic interpolation (unlike bilinear or area) undershoots next to a step edge: an upscaled
  // 60 -> 200 step has values below 60 on its dark side.
  cv::Mat step(4, 4, CV_8UC3, cv::Scalar(60, 60, 60));
  step(cv::Rect(2, 0, 2, 4)) = cv::Scalar(200, 200, 200);
  const cv::Mat up = resize_bicubic(step, 16);
  int darker = 0;
  for (int x = 0; x < 16; ++x) darker += up.at<cv::Vec3b>(8, x)[0] < 60 ? 1 : 0;
  EXPECT_GT(darker, 0);
}

}  // namespace
}  // namespace vec2midi::vision
