#include "render/rgb.hpp"

#include <algorithm>

namespace vec2midi::render {

Rgb readable_on_dark(Rgb c) {
  // Rec. 709 luma; below ~70 the notes would vanish into the dark roll.
  const double luma = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
  constexpr double kMinLuma = 70.0;
  if (luma >= kMinLuma) return c;
  const double lift = kMinLuma - luma;
  auto up = [&](uint8_t v) { return static_cast<uint8_t>(std::min(255.0, v + lift)); };
  return Rgb{up(c.r), up(c.g), up(c.b)};
}

}  // namespace vec2midi::render
