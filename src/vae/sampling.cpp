#include "vae/sampling.hpp"

#include <ATen/ATen.h>

#include "vae/prior_draw.hpp"

namespace vec2midi::vae {

at::Tensor sample_prior(int64_t n, int64_t z_size, std::mt19937_64& rng) {
  std::vector<float> values = draw_prior(n, z_size, rng);
  return at::from_blob(values.data(), {n, z_size}, at::kFloat).clone();
}

}  // namespace vec2midi::vae
