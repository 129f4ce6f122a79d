// z from the MusicVAE prior N(0, I), drawn reproducibly (io::normal's Box–Muller on a
// std::mt19937_64 passed in); the event choice itself is in event_sampling.hpp, which this includes.
// Usage: std::mt19937_64 rng(seed); torch::Tensor z = sample_prior(16, 256, rng); int e = sample_event(row, 0.5, rng);
#pragma once

#include <cstdint>
#include <random>

#include <ATen/core/Tensor.h>

#include "vae/event_sampling.hpp"

namespace vec2midi::vae {

/// n latent vectors from the prior N(0, I): [n, z_size] float32, row by row.
at::Tensor sample_prior(int64_t n, int64_t z_size, std::mt19937_64& rng);

}  // namespace vec2midi::vae
