#include "vae/elbo.hpp"

#include <cmath>

#include <torch/torch.h>

namespace vec2midi::vae {

torch::Tensor kl_divergence_standard_normal(const Posterior& posterior) {
  // μ, σ [B, Z] -> [B]
  const torch::Tensor& mu = posterior.mu;
  const torch::Tensor& sigma = posterior.sigma;
  return (0.5 * (mu * mu + sigma * sigma - 1.0) - torch::log(sigma)).sum(1);
}

torch::Tensor sequence_cross_entropy(const torch::Tensor& logits, const torch::Tensor& targets) {
  // logits [B, T, V], targets [B, T] -> [B]
  const int64_t batch = logits.size(0);
  const int64_t n_steps = logits.size(1);
  const torch::Tensor flat = torch::nn::functional::cross_entropy(
      logits.reshape({batch * n_steps, logits.size(2)}), targets.reshape({batch * n_steps}),
      torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
  return flat.view({batch, n_steps}).sum(1);
}

ElboTerms elbo(const torch::Tensor& logits, const torch::Tensor& targets, const Posterior& posterior, double beta,
               double free_bits) {
  ElboTerms t;
  const torch::Tensor r = sequence_cross_entropy(logits, targets);
  torch::Tensor kl = posterior.mu.defined() ? kl_divergence_standard_normal(posterior) : torch::zeros_like(r);
  const double free_nats = free_bits * std::log(2.0);
  const torch::Tensor kl_cost = torch::clamp_min(kl - free_nats, 0.0);
  t.loss = r.mean() + beta * kl_cost.mean();
  t.reconstruction = r.detach();
  t.kl = kl.detach();
  t.kl_cost = kl_cost.detach();
  t.correct = logits.detach().argmax(2).eq(targets);
  return t;
}

}  // namespace vec2midi::vae
