// Event choice for MusicVAE decoding, without libtorch: greedy (argmax) and temperature sampling of an event
// from logits. Reproducible across machines: the draw comes from a generator passed in (io/random_stream.hpp)
// through io/random.hpp's uniform. Usage: io::Rng rng = io::item_generator(seed, i); int e = sample_event(row, 0.5, rng);
#pragma once

#include <cstdint>
#include <random>
#include <span>

#include "io/random.hpp"
#include "io/random_stream.hpp"

namespace vec2midi::vae {

/// The index of the largest logit; the first one on ties (as tf.argMax in magenta.js).
int32_t argmax_event(std::span<const float> logits);

/// An index drawn from softmax(logits / temperature) by inverse CDF with one io::uniform01() draw
/// (magenta.js: tf.multinomial(logits / T)). temperature must be > 0.
int32_t sample_event(std::span<const float> logits, double temperature, std::mt19937_64& rng);

}  // namespace vec2midi::vae
