// Randomness and event choice for MusicVAE decoding, without libtorch: uniform and normal draws, greedy
// (argmax) and temperature sampling of an event from logits, and per-item generators. Reproducible across
// machines: every draw comes from a std::mt19937_64 passed in, through our own transforms (never
// std::*_distribution). Usage: std::mt19937_64 rng = item_generator(seed, i); int e = sample_event(row, 0.5, rng);
#pragma once

#include <cstdint>
#include <random>
#include <span>

namespace vec2midi::vae {

/// A uniform double in [0, 1) from the top 53 bits of one draw.
double uniform_double(std::mt19937_64& rng);

/// A standard normal N(0, 1) by Box–Muller from two uniform_double() draws (one value per call).
double standard_normal(std::mt19937_64& rng);

/// The index of the largest logit; the first one on ties (as tf.argMax in magenta.js).
int32_t argmax_event(std::span<const float> logits);

/// An index drawn from softmax(logits / temperature) by inverse CDF with one uniform_double() draw
/// (magenta.js: tf.multinomial(logits / T)). temperature must be > 0.
int32_t sample_event(std::span<const float> logits, double temperature, std::mt19937_64& rng);

/// The generator of item `index` of a batch: `base_seed` and the index mixed by SplitMix64, so that
/// item i's melody depends only on (base_seed, i), not on the batch size or how the batch is split.
std::mt19937_64 item_generator(uint64_t base_seed, int64_t index);

}  // namespace vec2midi::vae
