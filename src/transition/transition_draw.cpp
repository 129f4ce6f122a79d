#include "transition/transition_draw.hpp"

#include <bit>
#include <cstdio>
#include <random>

#include "io/random.hpp"
#include "io/random_stream.hpp"

namespace vec2midi::transition {

static_assert(std::endian::native == std::endian::little, "the digest is of little-endian float bytes");

TransitionDraw draw_transition(const TransitionOptions& options) {
  validate(options);
  TransitionDraw draw;
  const int64_t z = options.latent_size;
  draw.n_driven = options.driven_dims.empty() ? z : static_cast<int64_t>(options.driven_dims.size());
  io::Rng gen = options.generator == TransitionGenerator::legacy
                    ? io::Rng(options.seed)
                    : io::stream_generator(options.seed, io::Stream::transition_matrices);
  const std::vector<double> g = io::standard_normal(gen, options.n_matrices * draw.n_driven * options.embedding_size);
  draw.matrices.assign(g.begin(), g.end());  // rounded to nearest float
  draw.held.assign(static_cast<size_t>(z), 0.0f);
  if (!options.driven_dims.empty()) {
    for (auto& v : draw.held) v = static_cast<float>(options.noise_amplitude * (2.0 * io::uniform_open(gen) - 1.0));
    for (const int64_t d : options.driven_dims) draw.held[static_cast<size_t>(d)] = 0.0f;
  }
  return draw;
}

std::string matrices_digest(std::span<const float> matrices) {
  const uint64_t hash = io::fnv1a64({reinterpret_cast<const char*>(matrices.data()), matrices.size_bytes()});
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash));
  return buf;
}

}  // namespace vec2midi::transition
