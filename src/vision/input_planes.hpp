// The pixels the embedding CNN sees, without libtorch: a bicubic resize to the square network size (as
// the original's Keras loader did, aspect not kept) and RGB planes scaled to [-1, 1] (MobileNet's
// preprocess_input). network_input.hpp wraps these into tensors; plain_embedder.hpp reads them directly.
// Usage: std::vector<float> x(3 * 128 * 128); write_input_planes(bgr, 128, x.data());
#pragma once

#include <cstdint>

#include <opencv2/core.hpp>

namespace vec2midi::vision {

/// Side of the square network input in pixels (the original's MobileNet: 128).
inline constexpr int64_t kDefaultInputSize = 128;

/// `bgr` (8-bit, 3 channels) resized to size x size with bicubic interpolation.
cv::Mat resize_bicubic(const cv::Mat& bgr, int64_t size);

/// `bgr` resized as resize_bicubic() and written to `dst`, a contiguous float block [3, size, size]:
/// planes R, G, B, each value x / 127.5 - 1.
void write_input_planes(const cv::Mat& bgr, int64_t size, float* dst);

}  // namespace vec2midi::vision
