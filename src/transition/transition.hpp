// The map from an image embedding e ∈ R^E into the MusicVAE latent space (MISSION.md §2):
// z = 2·tanh(M(a)·e), M(a) = Σ_j a_j G_j, with fixed random G_1..G_K drawn from a seed (ProdSumNet,
// Wu 2018, arXiv:1809.02209); only the K coefficients a are searched.
// Usage: Transition t(TransitionOptions{.seed = 7, .latent_size = 256});
//        auto m = t.combine(a);  auto z = t.apply(m, e);   // a [K], e [B, E] -> z [B, Z]
#pragma once

#include <cstdint>
#include <span>

#include <torch/torch.h>

#include "transition/transition_options.hpp"

namespace vec2midi::transition {

/// The fixed random matrices and the map they define. G and the held noise are drawn once, in the
/// constructor, by draw_transition() (transition_draw.hpp): G row-major [K, D, E] from the seed's transition.G
/// stream, then (only if some dims are undriven) the held noise.
class Transition {
 public:
  /// Validates `options` and draws G (and the held noise). Throws InputError for bad options.
  explicit Transition(TransitionOptions options);

  const TransitionOptions& options() const { return options_; }
  /// D, the number of driven latent dims (Z when options().driven_dims is empty).
  int64_t n_driven() const { return matrices_.size(1); }
  /// G: float32 [K, D, E].
  const torch::Tensor& matrices() const { return matrices_; }
  /// The value each latent dim holds when not driven: float32 [Z] (zeros where driven).
  const torch::Tensor& held_latent() const { return held_; }

  /// M(a) = Σ_j a_j G_j, formed once per candidate a: a [K] (any float dtype) -> float32 [D, E].
  /// Throws InputError if a does not hold K values.
  torch::Tensor combine(const torch::Tensor& a) const;
  /// As combine(), from doubles.
  torch::Tensor combine(std::span<const double> a) const;

  /// z = 2·tanh(M·e) on the driven dims, held noise elsewhere: m [D, E], e [B, E] -> z float32 [B, Z],
  /// on e's device. |z| < 2, except that float32 tanh rounds to ±1 once |M·e| exceeds about 9 (for a
  /// unit-norm e and a uniform in the box, M·e has a standard deviation of 0.04·sqrt(K) per dim).
  /// Throws InputError if e is not [B, E].
  torch::Tensor apply(const torch::Tensor& m, const torch::Tensor& e) const;

  /// apply(combine(a), e).
  torch::Tensor map(const torch::Tensor& a, const torch::Tensor& e) const { return apply(combine(a), e); }

 private:
  TransitionOptions options_;
  torch::Tensor matrices_;     // [K, D, E] float32
  torch::Tensor held_;         // [Z] float32
  torch::Tensor driven_index_;  // [D] int64, or undefined when all dims are driven
};

}  // namespace vec2midi::transition
