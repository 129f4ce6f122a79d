#include "search/transition_draw.hpp"

#include <bit>
#include <cstdio>
#include <random>

#include "search/normal_rng.hpp"

namespace vec2midi::search {

static_assert(std::endian::native == std::endian::little, "the digest is of little-endian float bytes");

TransitionDraw draw_transition(const TransitionOptions& options) {
  validate(options);
  TransitionDraw draw;
  const int64_t z = options.latent_size;
  draw.n_driven = options.driven_dims.empty() ? z : static_cast<int64_t>(options.driven_dims.size());
  std::mt19937_64 gen(options.seed);
  const std::vector<double> g = standard_normal(gen, options.n_matrices * draw.n_driven * options.embedding_size);
  draw.matrices.assign(g.begin(), g.end());  // rounded to nearest float
  draw.held.assign(static_cast<size_t>(z), 0.0f);
  if (!options.driven_dims.empty()) {
    for (auto& v : draw.held) v = static_cast<float>(options.noise_amplitude * (2.0 * uniform_open(gen) - 1.0));
    for (const int64_t d : options.driven_dims) draw.held[static_cast<size_t>(d)] = 0.0f;
  }
  return draw;
}

std::string matrices_digest(std::span<const float> matrices) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(matrices.data());
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64-bit offset basis
  for (size_t i = 0; i < matrices.size_bytes(); ++i) {
    hash ^= bytes[i];
    hash *= 0x100000001b3ULL;  // FNV prime
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
  return buf;
}

}  // namespace vec2midi::search
