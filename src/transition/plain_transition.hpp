// The transition z = 2·tanh(M(a)·e), M(a) = Σ_j a_j G_j (MISSION.md §2), on plain float arrays without
// libtorch, for `vec2midi compose`'s fast start; the same map as Transition::apply(Transition::combine(a), e).
// Usage: PlainTransition t(file.options, file.coefficients); std::vector<float> z = t.map(e);   // e [E] -> z [Z]
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "transition/transition_options.hpp"

namespace vec2midi::transition {

class PlainTransition {
 public:
  /// Draws G (draw_transition) and forms M(a) once. Throws InputError for bad options or a without K values.
  PlainTransition(const TransitionOptions& options, std::span<const double> coefficients);

  /// e [E] -> z [Z]: 2·tanh(M·e) on the driven dims, the held noise elsewhere. Throws InputError if e has not E values.
  std::vector<float> map(std::span<const float> e) const;

  const TransitionOptions& options() const { return options_; }

 private:
  TransitionOptions options_;
  std::vector<float> m_;     // M(a): [D, E]
  std::vector<float> held_;  // [Z]
};

}  // namespace vec2midi::transition
