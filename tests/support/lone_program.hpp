// The light program alone in a folder, without vec2midi-torch beside it (tests of what runs without libtorch).
// Usage: const auto alone = lone_light_program(temp_dir("alone"));  // dir/vec2midi
#pragma once

#include <filesystem>

namespace vec2midi::testing {

/// Puts vec2midi_binary() into `dir` as `dir/vec2midi` and returns that path: a hard link where the file
/// system allows one (the sanitizer build's binary is ~0.8 GB; a copy per test once filled the CI's disk),
/// a copy otherwise. /proc/self/exe names the link, so the program finds nothing beside it.
std::filesystem::path lone_light_program(const std::filesystem::path& dir);

}  // namespace vec2midi::testing
