// Fitting an encoder to a frozen decoder by inverting it on its own melodies: z ~ N(0, I) is decoded
// (greedily, or sampled at a temperature) and the encoder learns to give that z back, by the Gaussian
// negative log-likelihood of z under its posterior N(μ, σ²). This is the sleep phase of the wake-sleep
// algorithm (Hinton et al. 1995, "The wake-sleep algorithm for unsupervised neural networks"): a
// supervised warm start with unlimited data, after which the ELBO on real melodies fine-tunes the encoder.
// Usage: auto batch = prior_inversion_batch(decoder, 512, 32, 0.0, gen);  auto nll = latent_nll(post, batch.z);
#pragma once

#include <cstdint>
#include <random>

#include <torch/types.h>

#include "vae/melody_decoder.hpp"
#include "vae/music_vae.hpp"

namespace vec2midi::vae {

/// Latents and the melodies the decoder makes of them.
struct PriorInversionBatch {
  torch::Tensor z;       ///< [B, Z] float32, from N(0, I)
  torch::Tensor events;  ///< [B, T] int64, decoder(z)
};

/// `batch` latents from N(0, I) (sample_prior with `gen`) decoded for `n_steps` steps at `temperature`
/// (0 = greedy; sampling seeded by one further draw of `gen`).
PriorInversionBatch prior_inversion_batch(const MelodyDecoder& decoder, int64_t batch, int64_t n_steps,
                                          double temperature, std::mt19937_64& gen);

/// −log N(z; μ, diag σ²) summed over dimensions: Σ_d [log σ_d + (z_d − μ_d)² / (2σ_d²) + ½ log 2π].
/// posterior μ, σ [B, Z], z [B, Z] -> [B] nats. Autograd-capable.
torch::Tensor latent_nll(const Posterior& posterior, const torch::Tensor& z);

}  // namespace vec2midi::vae
