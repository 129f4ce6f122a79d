// Pillow's bicubic resize, reproduced exactly: the original system fed its network
// `PIL.Image.open(f).resize((128, 128), Image.BICUBIC)`, and OpenCV's INTER_CUBIC differs from it (no
// widening of the filter when shrinking, a = -0.75 instead of -0.5). Separable: the horizontal pass, then
// the vertical one, each with Pillow's 22-bit fixed-point weights and 8-bit rounding in between
// (Pillow's libImaging/Resample.c: precompute_coeffs, normalize_coeffs_8bpc, ImagingResampleInner).
// Usage: cv::Mat small = pil_bicubic_resize(rgb, 128, 128);
#pragma once

#include <cstdint>

#include <opencv2/core.hpp>

namespace vec2midi::vision {

/// `image` (8-bit, 1 to 4 channels) resized to width x height as Pillow's Image.resize(..., BICUBIC)
/// does. Throws InputError for another pixel type or a size below 1.
cv::Mat pil_bicubic_resize(const cv::Mat& image, int64_t width, int64_t height);

/// The bicubic kernel Pillow uses (Keys, a = -0.5) at distance x.
double pil_bicubic_kernel(double x);

}  // namespace vec2midi::vision
