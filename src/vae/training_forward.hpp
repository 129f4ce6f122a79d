// The autograd forward pass of MusicVAE training: encode, draw z = μ + σ·ε, and decode with scheduled
// sampling (Bengio et al. 2015; Magenta ScheduledOutputTrainingHelper): at each step, each sequence is
// fed, with probability p, a sample from its own previous softmax instead of the true previous event.
// With p = 0 the decoder equals MusicVaeImpl::decode_logits, computed faster for training: z·W_z of
// layer 0 once per batch and the one-hot input as a row lookup instead of a product.
// Usage: TrainingForward f = training_forward(*vae, events, p, gen); ElboTerms t = elbo(f.logits, events, f.posterior, β, 0);
#pragma once

#include <torch/types.h>

#include "vae/music_vae.hpp"

namespace vec2midi::vae {

/// Decoder logits with scheduled sampling: z [B, Z], targets [B, T] int64 event indices -> logits [B, T, V].
/// Step 0 is fed zeros, step t > 0 the target of step t - 1, replaced with probability
/// `sampling_probability` (per sequence and step, from `generator`) by a draw from softmax(logits of t - 1).
/// Autograd-capable (samples carry no gradient).
torch::Tensor decode_scheduled(MusicVaeImpl& model, const torch::Tensor& z, const torch::Tensor& targets,
                               double sampling_probability, torch::Generator& generator);

/// The result of one training forward pass.
struct TrainingForward {
  torch::Tensor logits;  ///< [B, T, V]
  Posterior posterior;   ///< μ, σ [B, Z]
  torch::Tensor z;       ///< [B, Z] the z decoded
};

/// Encodes `events` [B, T] int64, draws z = μ + σ·ε from `generator` (or z = μ when !sample_z) and decodes
/// with decode_scheduled.
TrainingForward training_forward(MusicVaeImpl& model, const torch::Tensor& events, double sampling_probability,
                                 torch::Generator& generator, bool sample_z = true);

/// One-hot float sequences [B, T, V] from event indices [B, T].
torch::Tensor events_one_hot(const torch::Tensor& events, int64_t n_events);

}  // namespace vec2midi::vae
