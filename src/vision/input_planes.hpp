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

/// Where write_input_values() puts pixel (y, x), channel c (0 R, 1 G, 2 B): dst[y·row + x·pixel + c·channel].
struct InputLayout {
  int64_t row = 0, pixel = 0, channel = 0;
};

/// `bgr` resized as resize_bicubic() and each value written as x / 127.5 - 1 where `layout` says (the one
/// scaling of every engine's input; the positions `layout` does not reach are left as they are).
void write_input_values(const cv::Mat& bgr, int64_t size, const InputLayout& layout, float* dst);

/// write_input_values() into a contiguous float block [3, size, size]: planes R, G, B.
void write_input_planes(const cv::Mat& bgr, int64_t size, float* dst);

}  // namespace vec2midi::vision
