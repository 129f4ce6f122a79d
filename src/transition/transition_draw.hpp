// The fixed random part of the transition, without libtorch: G_1..G_K ∈ R^{D×E} drawn i.i.d. N(0, 1) from
// the seed's transition.G stream (io/random_stream.hpp; or std::mt19937_64(seed) for a legacy file), then
// the noise the undriven latent dims hold; and the digest a
// transition file stores of G; Transition (transition.hpp) draws here.
// Usage: TransitionDraw g = draw_transition(options);  std::string d = matrices_digest(g.matrices);
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "transition/transition_options.hpp"

namespace vec2midi::transition {

/// What a seed draws.
struct TransitionDraw {
  int64_t n_driven = 0;         ///< D: the number of driven latent dims (Z when options.driven_dims is empty)
  std::vector<float> matrices;  ///< G, float32 row-major [K, D, E]
  std::vector<float> held;      ///< [Z]: the value each latent dim holds when not driven (zeros where driven)
};

/// Validates `options` (InputError) and draws from the generator options.generator names: first G row-major by
/// fill_standard_normal() (rounded to float), then, only if some dims are undriven, Z uniforms u_i,
/// dim i holding amp·(2·u_i − 1).
TransitionDraw draw_transition(const TransitionOptions& options);

/// A 64-bit FNV-1a digest of G's float32 bytes, as 16 hex digits: stored with a transition file so that a
/// reader can tell if its machine redraws a different G from the same seed.
std::string matrices_digest(std::span<const float> matrices);

}  // namespace vec2midi::transition
