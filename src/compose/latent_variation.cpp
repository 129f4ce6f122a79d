#include "compose/latent_variation.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "io/error.hpp"
#include "io/random.hpp"
#include "io/random_stream.hpp"

namespace vec2midi::compose {

std::vector<float> vary_latent(std::span<const float> z, int variation, std::span<const int64_t> dims, uint64_t seed,
                               const VariationOptions& options) {
  std::vector<float> moved(z.begin(), z.end());
  for (int64_t d : dims) {
    if (d < 0 || d >= int64_t(z.size())) {
      throw InputError("latent dim " + std::to_string(d) + " is outside a " + std::to_string(z.size()) + "-d latent");
    }
  }
  if (variation == 0 || z.empty()) return moved;
  std::vector<int64_t> pool(dims.begin(), dims.end());
  if (pool.empty()) {
    pool.resize(z.size());
    std::iota(pool.begin(), pool.end(), 0);
  }
  const bool far = variation >= options.far_from;
  const double step = far ? options.far_step : options.step;
  const size_t n = std::min(pool.size(), size_t(far ? options.n_far_dims : options.n_dims));
  // Its own generator per (seed, variation): the name keeps it apart from sampling's item generators.
  io::Rng gen = io::item_generator(seed ^ io::fnv1a64("compose.variation"), uint64_t(variation));
  for (size_t i = 0; i < n; ++i) {  // partial Fisher–Yates: n distinct dims
    const size_t j = i + size_t(io::uniform_int(gen, int64_t(pool.size() - i)));
    std::swap(pool[i], pool[j]);
    moved[size_t(pool[i])] += float(io::bernoulli(gen, 0.5) ? step : -step);
  }
  return moved;
}

}  // namespace vec2midi::compose
