// The map from an image embedding e ∈ R^E into the MusicVAE latent space (MISSION.md §2):
// z = 2·tanh(M(a)·e), M(a) = Σ_j a_j G_j, with fixed random G_1..G_K drawn from a seed (ProdSumNet,
// Wu 2018, arXiv:1809.02209); only the K coefficients a are searched. Plain float arrays, no libtorch: compose,
// morph, serve, the search's objective and the evaluation all map through this one class.
// Usage: Transition t(TransitionOptions{.seed = 7, .latent_size = 256});
//        std::vector<float> m = t.combine(a);  std::vector<float> z = t.apply(m, e);   // a [K], e [B, E] -> z [B, Z]
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "transition/transition_options.hpp"

namespace vec2midi::transition {

/// The fixed random matrices and the map they define. G and the held noise are drawn once, in the
/// constructor, by draw_transition() (transition_draw.hpp): G row-major [K, D, E] from the seed's transition.G
/// stream, then (only if some dims are undriven) the held noise. Const methods may be called from several threads.
class Transition {
 public:
  /// Validates `options` and draws G (and the held noise). Throws InputError for bad options.
  explicit Transition(TransitionOptions options);

  const TransitionOptions& options() const { return options_; }
  /// D, the number of driven latent dims (Z when options().driven_dims is empty).
  int64_t n_driven() const { return n_driven_; }
  /// G: float32 [K, D, E] row-major.
  std::span<const float> matrices() const { return matrices_; }
  /// The value each latent dim holds when not driven: [Z] (zeros where driven).
  std::span<const float> held_latent() const { return held_; }

  /// M(a) = Σ_j a_j G_j, formed once per candidate a: a [K] -> [D, E] row-major, summed in double and rounded
  /// to float. Throws InputError if a does not hold K values.
  std::vector<float> combine(std::span<const double> a) const;
  /// z = 2·tanh(M·e) on the driven dims, held noise elsewhere: m [D, E], e [B, E] row-major -> z [B, Z], each
  /// dot product and tanh in double. |z| < 2 up to float rounding (it reaches ±2 once |M·e| exceeds about 9).
  /// Throws InputError if m is not [D, E] or e not a whole number of E-rows.
  std::vector<float> apply(std::span<const float> m, std::span<const float> e) const;
  /// apply(combine(a), e).
  std::vector<float> map(std::span<const double> a, std::span<const float> e) const { return apply(combine(a), e); }

 private:
  TransitionOptions options_;
  int64_t n_driven_ = 0;
  std::vector<float> matrices_;  // [K, D, E]
  std::vector<float> held_;      // [Z]
};

}  // namespace vec2midi::transition
