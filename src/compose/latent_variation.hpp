// A phrase's variation of a latent vector: a small seeded move along a few of the dimensions that the
// latent study found to matter (compose/latent_sliders.hpp), so that A′ keeps A's character but not its
// notes. Variation 0 is the vector itself; the same (z, variation, seed) always gives the same move.
// Usage: std::vector<float> z2 = vary_latent(z, 1, slider_dims, seed);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace vec2midi::compose {

struct VariationOptions {
  double step = 0.75;         ///< move along each chosen dim, prior standard deviations (about a third of the
                              ///< latent study's probe of 1.0 per significant dim changes a 2-bar phrase audibly)
  int n_dims = 2;             ///< dims moved per variation
  int64_t far_from = 100;     ///< variations numbered from here on are far ones (an episode without its own colour)
  double far_step = 2.0;      ///< move per dim of a far variation, prior standard deviations
  int n_far_dims = 4;         ///< dims moved by a far variation
};

/// z moved for `variation` (0 = unchanged): options.n_dims dims drawn from `dims` (all of z's when empty), each
/// moved by ±options.step (far variations: n_far_dims by ±far_step), signs and dims drawn from a generator of
/// (seed, variation). Throws InputError if a dim is outside z.
std::vector<float> vary_latent(std::span<const float> z, int variation, std::span<const int64_t> dims, uint64_t seed,
                               const VariationOptions& options = {});

}  // namespace vec2midi::compose
