// Training-time augmentation that never changes the colour class: random resized crops, mirror
// flips and small brightness/contrast/saturation jitter, all hue-preserving (each is a per-pixel
// scaling or a blend with grey, so hue angles stay put); optionally a small per-channel gain (white
// balance), which moves hues a little, as a change of light does. Usage: cv::Mat x = augment(bgr, 128, rng, {});
#pragma once

#include <cstdint>

#include <opencv2/core.hpp>

#include "io/random.hpp"

namespace vec2midi::vision {

struct AugmentOptions {
  double min_crop_area = 0.6;    ///< smallest crop, as a share of the image area
  double max_aspect_change = 1.25;  ///< crop aspect ratio within [1/x, x] of the image's
  double flip_probability = 0.5;    ///< chance of a left-right mirror
  double brightness = 0.08;  ///< all channels scaled by 1 +- this (keeps hue and saturation)
  double contrast = 0.08;    ///< distance from the mean grey scaled by 1 +- this
  double saturation = 0.1;   ///< blend towards/away from the pixel's grey by +- this
  double white_balance = 0.0;  ///< each channel scaled by its own 1 +- this (a change of illuminant; 0: off)
};

/// A randomly augmented copy of `bgr` (8-bit, 3 channels) resized to size x size (bicubic).
cv::Mat augment(const cv::Mat& bgr, int64_t size, io::Rng& rng, const AugmentOptions& options = {});

}  // namespace vec2midi::vision
