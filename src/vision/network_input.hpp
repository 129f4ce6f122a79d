// Turning pictures into the CNN's input tensors: each picture resized and scaled as input_planes.hpp
// says (bicubic to the square network size, RGB in [-1, 1]).
// Usage: torch::Tensor x = images_to_batch({bgr_a, bgr_b}, 128);  // [2, 3, 128, 128]
#pragma once

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>
#include <torch/torch.h>

#include "vision/input_planes.hpp"

namespace vec2midi::vision {

/// One image as a float tensor [3, size, size], RGB, values in [-1, 1].
torch::Tensor to_network_input(const cv::Mat& bgr, int64_t size = kDefaultInputSize);

/// Several images as one batch [N, 3, size, size] (each resized as in to_network_input()).
torch::Tensor images_to_batch(const std::vector<cv::Mat>& images, int64_t size = kDefaultInputSize);

}  // namespace vec2midi::vision
