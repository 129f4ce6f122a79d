// Semi-amortised encoding (Kim et al. 2018, "Semi-Amortized Variational Autoencoders"; Hjelm et al. 2016):
// the encoder's μ(x) is the starting point, then a few Adam steps on z lower the decoder's teacher-forced
// cross-entropy of x (plus an optional prior term), each window on its own. The decoder stays frozen;
// only z moves. Used where a melody is encoded: reconstruction in vae-eval, melody interpolation. No libtorch:
// the gradient comes from TeacherForcedDecoder's written-out backward pass.
// Usage: std::vector<float> z = refine_latents(decoder, events, 32, mu, {.n_steps = 30});
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "vae/teacher_forced_decoder.hpp"

namespace vec2midi::vae {

/// How much to refine.
struct LatentRefinementOptions {
  int64_t n_steps = 0;          ///< Adam steps on z per window (0: the encoder's μ unchanged)
  double learning_rate = 0.05;  ///< Adam step size, latent units per step
  double prior_weight = 0.0;    ///< weight of ½‖z‖² (a point posterior's KL to N(0, I), up to a constant)
};

/// z (n × Z) minimising Σ_t CE(decoder(z)_t, events_t) + prior_weight·½‖z‖² per window, from z0 (n × Z);
/// events n × n_steps. Returns z0 itself when options.n_steps == 0. Throws InputError on sizes that do not fit.
std::vector<float> refine_latents(const TeacherForcedDecoder& decoder, std::span<const uint8_t> events, int64_t n_steps,
                                  std::span<const float> z0, const LatentRefinementOptions& options);

}  // namespace vec2midi::vae
