// The nine attention-colour classes of Image2Vec, in the original's index order, and the
// folder-name spellings a dataset may use for them (case-insensitive; violet = purple, silver = grey).
// Usage: int label = class_index("Silver");  // 3 (grey); std::string n = kClassNames[label];
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace vec2midi::vision {

/// Number of colour classes (MISSION.md §1).
inline constexpr int kNumClasses = 9;

/// Class names in index order: black, blue, green, grey, orange, purple, red, white, yellow.
inline constexpr std::array<std::string_view, kNumClasses> kClassNames = {
    "black", "blue", "green", "grey", "orange", "purple", "red", "white", "yellow"};

/// The class index of a folder or label name (case-insensitive; also "gray", "silver", "violet"),
/// or nullopt if it names no class.
std::optional<int> find_class(std::string_view name);

/// Like find_class() but throws InputError naming `name` (and the accepted names) if unknown.
int class_index(std::string_view name);

/// The display colour of a class for plots, as 8-bit B, G, R (OpenCV order).
std::array<unsigned char, 3> class_display_bgr(int label);

}  // namespace vec2midi::vision
