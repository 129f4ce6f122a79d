#include "io/random_stream.hpp"

namespace vec2midi::io {

namespace {

constexpr uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ull;  // SplitMix64's increment: 2^64 / φ, odd

}  // namespace

std::string_view stream_name(Stream stream) {
  switch (stream) {
    case Stream::transition_matrices: return "transition.G";
    case Stream::search_data: return "search.data";
    case Stream::validation_data: return "validation.data";
    case Stream::test_data: return "test.data";
  }
  return "unknown";  // not reached: every enumerator is named above
}

uint64_t splitmix64(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

uint64_t fnv1a64(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ull;  // offset basis
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;  // FNV prime
  }
  return hash;
}

Rng stream_generator(uint64_t seed, Stream stream) {
  return Rng(splitmix64((seed ^ fnv1a64(stream_name(stream))) + kGoldenGamma));
}

Rng item_generator(uint64_t base_seed, int64_t index) {
  return Rng(splitmix64(base_seed + kGoldenGamma * static_cast<uint64_t>(index + 1)));
}

}  // namespace vec2midi::io
