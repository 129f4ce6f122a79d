#include "vae/latent_refinement.hpp"

#include <torch/torch.h>

#include "vae/elbo.hpp"
#include "vae/training_forward.hpp"

namespace vec2midi::vae {

torch::Tensor refine_latents(MusicVaeImpl& model, const torch::Tensor& events, const torch::Tensor& z0,
                             const LatentRefinementOptions& options) {
  // events [B, T] int64, z0 [B, Z] -> z [B, Z]
  if (options.n_steps <= 0) return z0;
  torch::AutoGradMode enable(true);
  torch::Generator unused = at::detail::createCPUGenerator(0);  // teacher forcing draws nothing
  torch::Tensor z = z0.detach().clone().requires_grad_(true);
  torch::optim::Adam adam({z}, torch::optim::AdamOptions(options.learning_rate));
  for (int64_t step = 0; step < options.n_steps; ++step) {
    const torch::Tensor logits = decode_scheduled(model, z, events, 0.0, unused);  // [B, T, V]
    // Windows are independent: the sum's gradient for z_b is window b's own.
    torch::Tensor loss = sequence_cross_entropy(logits, events).sum();
    if (options.prior_weight > 0) loss = loss + 0.5 * options.prior_weight * (z * z).sum();
    z.mutable_grad() = torch::autograd::grad({loss}, {z})[0];
    adam.step();
  }
  return z.detach();
}

}  // namespace vec2midi::vae
