// libFuzzer harness for the JSON the CLI reads: `decode --z-json` latent files (latent sizes 1, 4, 256)
// and `melody-distance --pairs` files (each pair then goes through the melody distance).
// Anything but a result or a vec2midi::Error is a bug.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/error.hpp"
#include "io/latent_json.hpp"
#include "music/melody_distance.hpp"
#include "music/note_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace vec2midi;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const int64_t z_size : {1, 4, 256}) {
    try {
      const auto z = io::parse_latent_json(text, z_size, "fuzz");
      if (z.empty() || z.size() % static_cast<size_t>(z_size) != 0) std::abort();
    } catch (const Error&) {
    }
  }
  try {
    for (const auto& [a, b] : music::parse_melody_pairs(text, "fuzz")) {
      const auto fa = music::melody_features(a);
      const auto fb = music::melody_features(b);
      for (const bool positive : {true, false}) {
        const double d = music::melody_distance(fa, fb, positive, true);
        if (std::isnan(d)) std::abort();
      }
    }
  } catch (const Error&) {
  }
  return 0;
}
