// Latent vectors given as JSON, in the layout of ../shared/golden/*.json: {"items": [{"z": [...]}, ...]}
// (other keys ignored). Used by `vec2midi decode --z-json`; free of libtorch so that it can be fuzzed.
// Usage: std::vector<float> z = parse_latent_json(text, 256, "z.json");  // n x 256 values, row-major
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vec2midi::io {

/// The z of every item, each exactly `z_size` numbers, concatenated row by row (n·z_size floats).
/// Throws InputError naming `name` and the offending item when the text is not JSON of that layout,
/// has no item, a z of another length, a non-number or a value beyond float range.
std::vector<float> parse_latent_json(std::string_view text, int64_t z_size, const std::string& name);

}  // namespace vec2midi::io
