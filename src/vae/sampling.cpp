#include "vae/sampling.hpp"

#include <ATen/ATen.h>

#include "io/random.hpp"

namespace vec2midi::vae {

at::Tensor sample_prior(int64_t n, int64_t z_size, std::mt19937_64& rng) {
  at::Tensor z = at::empty({n, z_size}, at::kFloat);
  float* data = z.data_ptr<float>();
  for (int64_t i = 0; i < n * z_size; ++i) data[i] = static_cast<float>(io::normal(rng));
  return z;
}

}  // namespace vec2midi::vae
