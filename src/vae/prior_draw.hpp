// Latent vectors from the MusicVAE prior N(0, I), drawn reproducibly with io::normal's Box–Muller on the
// generator passed in, without libtorch (sampling.hpp's sample_prior returns the same values as a tensor).
// Usage: io::Rng rng(seed); std::vector<float> z = draw_prior(16, 256, rng);   // 16 × 256, row by row
#pragma once

#include <cstdint>
#include <vector>

#include "io/random.hpp"

namespace vec2midi::vae {

/// n latent vectors of z_size floats from N(0, I), row-major.
std::vector<float> draw_prior(int64_t n, int64_t z_size, io::Rng& rng);

}  // namespace vec2midi::vae
