// How a MusicVAE decoder turns z into events: steps, temperature and the seed of sampling; shared by the
// inference decoder (melody_decoder.hpp) and the libtorch reference decode of the tests.
// Usage: DecodeOptions o{.n_steps = 16, .temperature = 0.5, .seed = 7};
#pragma once

#include <cstdint>

#include "io/random_stream.hpp"
#include "music/constants.hpp"

namespace vec2midi::vae {

/// How to decode.
struct DecodeOptions {
  int64_t n_steps = music::kWindowSteps;  ///< steps per melody, 1..max_steps (magenta.js mel_2bar: 32; the original used 16)
  double temperature = 0.0;               ///< softmax temperature; 0 = greedy argmax (magenta.js when none is given)
  uint64_t seed = 0;                      ///< base seed of the per-melody generators (io::item_generator)
};

}  // namespace vec2midi::vae
