#include "vision/colour_class.hpp"

#include <string>

#include "io/error.hpp"
#include "io/lower_case.hpp"

namespace vec2midi::vision {

std::optional<int> find_class(std::string_view name) {
  const std::string key = io::lower_case(name);
  for (int i = 0; i < kNumClasses; ++i) {
    if (key == kClassNames[size_t(i)]) return i;
  }
  if (key == "gray" || key == "silver") return 3;
  if (key == "violet") return 5;
  return std::nullopt;
}

int class_index(std::string_view name) {
  if (auto index = find_class(name)) return *index;
  std::string known;
  for (auto n : kClassNames) known += (known.empty() ? "" : ", ") + std::string(n);
  throw InputError("unknown colour class '" + std::string(name) + "' (expected one of " + known +
                   "; gray, silver and violet are accepted too)");
}

std::array<unsigned char, 3> class_display_bgr(int label) {
  // Saturated versions of each colour; black and white are drawn as dark and light grey so that
  // they stay visible on the plot background.
  static constexpr std::array<std::array<unsigned char, 3>, kNumClasses> kBgr = {{
      {40, 40, 40},     // black
      {220, 90, 20},    // blue
      {40, 170, 40},    // green
      {150, 150, 150},  // grey
      {0, 140, 255},    // orange
      {200, 50, 150},   // purple
      {30, 30, 220},    // red
      {235, 235, 235},  // white
      {0, 215, 240},    // yellow
  }};
  if (label < 0 || label >= kNumClasses) throw Error("colour class index out of range: " + std::to_string(label));
  return kBgr[size_t(label)];
}

}  // namespace vec2midi::vision
