// The pictures of a batch compose (`compose --list FILE|DIR`, issue 30): every picture under a folder (recursively,
// in path order), or the paths of a list file, one a line (blank lines and lines starting with '#' skipped; a
// relative path is read from the list file's folder). Each picture's results are named by its path under the root
// (the folder, or the list file's folder) without its extension, so OUT mirrors the folder tree: DIR/cars/red.jpg →
// OUT/cars/red.mid. A picture outside the root is named by its file name alone.
// Usage: for (const BatchPicture& p : read_batch_list("photos/")) compose(p.image, out / p.folder, p.name);
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vec2midi::app {

/// One picture of a batch and where its results go.
struct BatchPicture {
  std::filesystem::path image;   ///< the picture's path as read (a list's relative paths joined to its folder)
  std::filesystem::path folder;  ///< the results' folder relative to OUT ("" for OUT itself)
  std::string name;              ///< the results' file name without extension

  /// folder/name, the picture's key in the manifest.
  std::string key() const { return (folder / name).generic_string(); }
};

/// The pictures of the folder or list file `list`. Throws InputError when `list` does not exist, holds no picture,
/// a list line names a file without a picture extension, or two pictures would write the same results (naming
/// both). Pictures a list names that do not exist are kept: each fails on its own when composed.
std::vector<BatchPicture> read_batch_list(const std::filesystem::path& list);

}  // namespace vec2midi::app
