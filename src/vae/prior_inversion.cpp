#include "vae/prior_inversion.hpp"

#include <cmath>

#include <torch/torch.h>

#include "vae/sampling.hpp"

namespace vec2midi::vae {

PriorInversionBatch prior_inversion_batch(const MelodyDecoder& decoder, int64_t batch, int64_t n_steps,
                                          double temperature, std::mt19937_64& gen) {
  PriorInversionBatch b;
  b.z = sample_prior(batch, decoder.options().z_size, gen);  // [B, Z]
  const uint64_t sampling_seed = gen();
  std::vector<uint8_t> events = decoder.decode(std::span<const float>(b.z.data_ptr<float>(), size_t(b.z.numel())),
                                               {.n_steps = n_steps, .temperature = temperature, .seed = sampling_seed});
  b.events = torch::from_blob(events.data(), {batch, n_steps}, torch::kUInt8).to(torch::kInt64);  // [B, T]
  return b;
}

torch::Tensor latent_nll(const Posterior& posterior, const torch::Tensor& z) {
  // μ, σ, z [B, Z] -> [B]
  const torch::Tensor scaled = (z - posterior.mu) / posterior.sigma;
  return (torch::log(posterior.sigma) + 0.5 * scaled * scaled).sum(1) +
         0.5 * std::log(2.0 * M_PI) * static_cast<double>(z.size(1));
}

}  // namespace vec2midi::vae
