// The MusicVAE training objective (Roberts et al. 2018 eq. 3; Magenta base_model._compute_model_loss):
// per-sequence reconstruction cross-entropy summed over steps, the KL divergence of the posterior from
// N(0, I) in nats, free bits, and loss = mean(r) + β·mean(max(KL - free_bits·ln 2, 0)).
// Usage: ElboTerms t = elbo(logits, targets, posterior, beta, free_bits); t.loss.backward();
#pragma once

#include <torch/types.h>

#include "vae/music_vae.hpp"

namespace vec2midi::vae {

/// The terms of one batch's objective; `loss` carries autograd, the others are detached.
struct ElboTerms {
  torch::Tensor loss;            ///< scalar: mean reconstruction + β·mean KL cost (what is minimised)
  torch::Tensor reconstruction;  ///< [B] cross-entropy summed over steps, nats
  torch::Tensor kl;              ///< [B] KL(q(z|x) || N(0, I)), nats
  torch::Tensor kl_cost;         ///< [B] max(KL - free nats, 0)
  torch::Tensor correct;         ///< [B, T] bool: argmax of the logits equals the target
};

/// KL(N(μ, σ²) || N(0, I)) summed over dimensions: Σ (μ² + σ² - 1)/2 - log σ. μ, σ [B, Z] -> [B].
torch::Tensor kl_divergence_standard_normal(const Posterior& posterior);

/// Cross-entropy of `targets` under softmax(logits), summed over steps: logits [B, T, V], targets [B, T]
/// int64 -> [B] nats (Magenta CategoricalLstmDecoder: softmax_cross_entropy_with_logits, summed per sequence).
torch::Tensor sequence_cross_entropy(const torch::Tensor& logits, const torch::Tensor& targets);

/// The whole objective. `free_bits` in bits per sequence (Magenta's free_bits; converted to nats).
/// An undefined posterior (decoder-only training) counts as KL 0.
ElboTerms elbo(const torch::Tensor& logits, const torch::Tensor& targets, const Posterior& posterior, double beta,
               double free_bits);

}  // namespace vec2midi::vae
