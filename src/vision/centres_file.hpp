// Colour centres from a JSON file, so that centres from any source (the original's printed ones,
// ../shared/data/original/centres.json, or another run's) can replace an embedder's own:
// {"classes": [9 names], "centres": [9 rows of E numbers], "std": [9 rows of E numbers] (optional)}.
// Rows are matched to vec2midi's classes by name, in any order.
// Usage: ColourCentres c = read_centres_file("centres.json", 9); model.centres = c;
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>

#include "vision/colour_centres.hpp"

namespace vec2midi::vision {

/// Reads a centres file whose rows have `embedding_size` numbers. Without "std", the spread is taken
/// from `fallback_std` ([9, E] row-major) if it holds 9·E values, else zero. Throws InputError naming the path and the
/// problem (missing or unknown class, wrong row length, not JSON).
ColourCentres read_centres_file(const std::filesystem::path& path, int64_t embedding_size,
                                std::span<const float> fallback_std = {});

}  // namespace vec2midi::vision
