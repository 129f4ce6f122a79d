// One fixed split of labelled photo folders into train / validation / test parts, stratified per source
// and per class, written once as a JSON file of names (the photos stay where they are) and read by every
// command that trains on photos or measures on them. Recipes are chosen on validation; test is for the
// final figures only.
// Usage: auto split = make_photo_split(root, {"train", "cars_web"}, {}); write_photo_split("split.json", split);
//        auto items = split_items(read_photo_split("split.json"), root, SplitPart::test);
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vision/folder_dataset.hpp"

namespace vec2midi::vision {

/// The three parts of a split.
enum class SplitPart { train, validation, test };

/// "train", "validation" or "test".
std::string_view part_name(SplitPart part);
/// The part named `name`; nullopt for anything else.
std::optional<SplitPart> find_part(std::string_view name);

/// How a split is drawn. Defaults: 70 / 10 / 20 (issue 27), a fixed seed.
struct PhotoSplitOptions {
  double validation = 0.1;  ///< share of each class of each source in validation
  double test = 0.2;        ///< share of each class of each source in test
  uint64_t seed = 27;       ///< seed of the per-class shuffles (std::mt19937_64, our own integer transform)
};

/// A split: for each source (a folder under the root), each image key ("<class folder>/<file>") in one part.
struct PhotoSplit {
  PhotoSplitOptions options;
  std::map<std::string, std::map<std::string, SplitPart>> sources;  ///< source -> key -> part
};

/// An image of a split, with the source it came from.
struct SplitImage {
  LabelledImage image;
  std::string source;
};

/// Splits every source folder root/<source> (class sub-folders, folder_dataset.hpp): per class, the
/// images sorted by key, shuffled, then round(test·n) to test and round(validation·n) to validation
/// (each at least one when the class has three or more images and the share is positive), the rest to
/// train. Throws InputError for a share outside [0, 1), shares summing to 1 or more, or a missing folder.
PhotoSplit make_photo_split(const std::filesystem::path& root, const std::vector<std::string>& sources,
                            const PhotoSplitOptions& options);

/// Writes the split atomically as JSON: {"format", "seed", "validation", "test",
/// "sources": {source: {"train": [keys], "validation": [...], "test": [...]}}}.
void write_photo_split(const std::filesystem::path& path, const PhotoSplit& split);

/// Reads write_photo_split()'s file. Throws InputError naming the path for a missing or malformed file
/// (a key in two parts included).
PhotoSplit read_photo_split(const std::filesystem::path& path);

/// The images of `part` in every source of `split` (or only `source` when it is not empty), found under
/// root/<source>/<key>, sorted by source then key. Throws InputError naming the first image of the split
/// that is not under `root`, or a source the split does not have.
std::vector<SplitImage> split_items(const PhotoSplit& split, const std::filesystem::path& root, SplitPart part,
                                    const std::string& source = "");

/// split_items() of the part named `part` (a command's --part). Throws InputError for a name other than train,
/// validation or test, or for an empty part (naming `split_file`, the file `split` was read from).
std::vector<SplitImage> named_part_items(const PhotoSplit& split, const std::filesystem::path& split_file,
                                         const std::filesystem::path& root, std::string_view part);

/// The images of `items`, without their sources.
std::vector<LabelledImage> images_of(const std::vector<SplitImage>& items);

/// Number of images in each part (train, validation, test) of one source.
std::map<SplitPart, int64_t> part_sizes(const PhotoSplit& split, const std::string& source);

}  // namespace vec2midi::vision
