// Semi-amortised encoding (Kim et al. 2018, "Semi-Amortized Variational Autoencoders"; Hjelm et al. 2016):
// the encoder's μ(x) is the starting point, then a few Adam steps on z lower the decoder's teacher-forced
// cross-entropy of x (plus an optional prior term), each window on its own. The decoder stays frozen;
// only z moves. Used where a melody is encoded: reconstruction in vae-eval, melody interpolation.
// Usage: torch::Tensor z = refine_latents(*vae, events, posterior.mu, {.n_steps = 30});
#pragma once

#include <cstdint>

#include <torch/types.h>

#include "vae/music_vae.hpp"

namespace vec2midi::vae {

/// How much to refine.
struct LatentRefinementOptions {
  int64_t n_steps = 0;          ///< Adam steps on z per window (0: the encoder's μ unchanged)
  double learning_rate = 0.05;  ///< Adam step size, latent units per step
  double prior_weight = 0.0;    ///< weight of ½‖z‖² (a point posterior's KL to N(0, I), up to a constant)
};

/// z [B, Z] minimising Σ_t CE(decoder(z)_t, events_t) + prior_weight·½‖z‖² per window, from z0 [B, Z];
/// events [B, T] int64. The model's weights get no gradient. Returns z0 itself when n_steps == 0.
torch::Tensor refine_latents(MusicVaeImpl& model, const torch::Tensor& events, const torch::Tensor& z0,
                             const LatentRefinementOptions& options);

}  // namespace vec2midi::vae
