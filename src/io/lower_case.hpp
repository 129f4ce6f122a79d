// ASCII lower case for what users type and files carry: file extensions, colour, key and accompaniment names.
// Bytes outside A-Z are kept as they are (a name need not be UTF-8). Pure functions.
// Usage: if (io::lower_extension(path) == ".jpg") ...; io::lower_case("F#M") == "f#m"
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace vec2midi::io {

/// `text` with A-Z turned into a-z.
std::string lower_case(std::string_view text);

/// The extension of `path` with its dot, lower-cased (".JPG" -> ".jpg"; "" when it has none).
std::string lower_extension(const std::filesystem::path& path);

}  // namespace vec2midi::io
