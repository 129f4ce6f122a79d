// Labelled image folders: DIR/<class>/<image> with one sub-folder per colour class (names
// case-insensitive; violet and silver accepted as purple and grey), and a deterministic held-out split.
// Usage: auto items = scan_folder_dataset("photos/train"); auto split = split_holdout(items, 0.2, 7);
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace vec2midi::vision {

/// One labelled image file.
struct LabelledImage {
  std::filesystem::path path;  ///< the file
  int label = 0;               ///< class index (colour_class.hpp)
  std::string key;             ///< "<class folder>/<file name>": stable name used for splits and records
};

/// Every image file (by extension) in the class sub-folders of `dir`, sorted by key. Sub-folders
/// that name no class are ignored. Throws InputError if `dir` is not a directory or has no class folder.
std::vector<LabelledImage> scan_folder_dataset(const std::filesystem::path& dir);

/// Items split into training and held-out parts.
struct HoldoutSplit {
  std::vector<LabelledImage> train;
  std::vector<LabelledImage> held_out;
};

/// Per class: items sorted by key, shuffled by a seeded Fisher-Yates (std::mt19937_64 with our own
/// integer transform, so the split is the same on every machine), and round(fraction x n) of them
/// held out (at least one when the class has two or more items and fraction > 0).
HoldoutSplit split_holdout(const std::vector<LabelledImage>& items, double fraction, uint64_t seed);

/// Number of items per class (size kNumClasses).
std::vector<int64_t> count_per_class(const std::vector<LabelledImage>& items);

}  // namespace vec2midi::vision
