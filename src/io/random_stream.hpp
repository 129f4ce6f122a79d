// Where each use of randomness gets its generator: a named stream derived from a seed and the use's name
// (the transition's G, the search's data, validation, tests), so that equal seeds given to two uses never
// draw the same numbers, and one use never shifts another; and per-item generators for batches.
// Usage: io::Rng g = io::stream_generator(seed, io::Stream::transition_matrices);
//        io::Rng r = io::item_generator(base_seed, i);
#pragma once

#include <cstdint>
#include <string_view>

#include "io/random.hpp"

namespace vec2midi::io {

/// The uses of randomness that must never share numbers. The names are part of the derivation: renaming
/// one changes every draw of that use.
enum class Stream {
  transition_matrices,  ///< "transition.G": the random matrices G_1..G_K and the held noise
  search_data,          ///< "search.data": the embeddings a search trains on (original scheme)
  validation_data,      ///< "validation.data": the embeddings a search's re-selection validates on
  test_data,            ///< "test.data": the embeddings evaluate tests on (never used by a decision)
};

/// The stream's name as above ("transition.G", ...).
std::string_view stream_name(Stream stream);

/// SplitMix64's output function (Steele, Lea & Flood 2014): a bijective 64-bit mix of `x`.
uint64_t splitmix64(uint64_t x);

/// 64-bit FNV-1a of `text` (Fowler, Noll & Vo).
uint64_t fnv1a64(std::string_view text);

/// The generator of `stream` for `seed`: std::mt19937_64 seeded with splitmix64(seed XOR fnv1a64(name) +
/// the golden-ratio increment). Two streams coincide only if their seeds differ by the XOR of their name
/// hashes, so small seeds (0, 1, 2, ...) never do, whatever the use.
Rng stream_generator(uint64_t seed, Stream stream);

/// The generator of item `index` of a batch: std::mt19937_64 seeded with splitmix64(base_seed + golden-ratio
/// increment · (index + 1)), so that item i's draws depend only on (base_seed, i), not on the batch size or
/// how the batch is split.
Rng item_generator(uint64_t base_seed, int64_t index);

}  // namespace vec2midi::io
