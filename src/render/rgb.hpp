// A display colour in 8-bit sRGB, used to draw a melody in the colour of its picture.
// Usage: Rgb red{220, 40, 40}; cv::Scalar bgr = to_bgr(red);
#pragma once

#include <cstdint>

namespace vec2midi::render {

struct Rgb {
  uint8_t r = 0;
  uint8_t g = 0;
  uint8_t b = 0;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};

/// A colour that stays readable on a dark background: very dark colours (black) are lifted to grey.
Rgb readable_on_dark(Rgb colour);

}  // namespace vec2midi::render
