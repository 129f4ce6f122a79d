// Serving files from one folder only: a URL path is mapped inside the folder, and anything that could
// leave it (`..` segments, backslashes, NUL, a symlink pointing outside) is refused. Also the folders the
// app ships beside the executable (web/, examples/) and the content type of a file.
// Usage: auto file = resolve_static_path(web_dir, req.path); if (!file) -> 404;  content_type(*file);
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vec2midi::app {

/// What resolving a URL path found.
enum class StaticLookup {
  kFound,      ///< a regular file inside the folder
  kForbidden,  ///< the path tries to leave the folder (`..`, backslash, NUL, symlink outside)
  kNotFound,   ///< nothing there (or not a regular file)
};

/// The file `url_path` (already percent-decoded, e.g. "/style.css") names inside `root`; an empty
/// path or "/" names `index`. Sets `lookup`; returns the canonical file path when found.
std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& root, std::string_view url_path,
                                                         StaticLookup& lookup, std::string_view index = "index.html");

/// The Content-Type of a file by its extension (text/html; charset=utf-8, image/png, audio/wav, ...).
std::string content_type(const std::filesystem::path& file);

/// The names of the pictures (vision::has_image_extension) directly in `dir`, sorted; none if it cannot be read.
std::vector<std::string> picture_names(const std::filesystem::path& dir);

/// A folder the app ships (`web` or `examples`): $VEC2MIDI_<NAME> (upper case), else beside the
/// executable's folder, in the source tree it was built from, or in ../share/vec2midi/. Returns the first
/// that exists, or the source-tree location if none does.
std::filesystem::path app_folder(std::string_view name);

}  // namespace vec2midi::app
