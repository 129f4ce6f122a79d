// Turning pictures into the CNN's input: a bicubic resize to the square network size (as the
// original's Keras loader did, aspect not kept) and RGB values scaled to [-1, 1] (MobileNet's
// preprocess_input). Usage: torch::Tensor x = images_to_batch({bgr_a, bgr_b}, 128);  // [2, 3, 128, 128]
#pragma once

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>
#include <torch/torch.h>

namespace vec2midi::vision {

/// Side of the square network input in pixels (the original's MobileNet: 128).
inline constexpr int64_t kDefaultInputSize = 128;

/// `bgr` (8-bit, 3 channels) resized to size x size with bicubic interpolation.
cv::Mat resize_bicubic(const cv::Mat& bgr, int64_t size);

/// One image as a float tensor [3, size, size], RGB, values in [-1, 1].
torch::Tensor to_network_input(const cv::Mat& bgr, int64_t size = kDefaultInputSize);

/// Several images as one batch [N, 3, size, size] (each resized as in to_network_input()).
torch::Tensor images_to_batch(const std::vector<cv::Mat>& images, int64_t size = kDefaultInputSize);

}  // namespace vec2midi::vision
