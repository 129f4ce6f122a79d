#include "vae/prior_draw.hpp"

namespace vec2midi::vae {

std::vector<float> draw_prior(int64_t n, int64_t z_size, io::Rng& rng) {
  std::vector<float> z(static_cast<size_t>(n * z_size));
  for (float& x : z) x = static_cast<float>(io::normal(rng));
  return z;
}

}  // namespace vec2midi::vae
