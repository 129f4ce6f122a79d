#include "transition/plain_transition.hpp"

#include <cmath>
#include <string>

#include "io/error.hpp"
#include "transition/transition_draw.hpp"

namespace vec2midi::transition {
namespace {

constexpr float kOutputScale = 2.0f;  // z = 2·tanh(...) (MISSION.md §2; music_learning.py)

}  // namespace

PlainTransition::PlainTransition(const TransitionOptions& options, std::span<const double> coefficients)
    : options_(options) {
  const TransitionDraw draw = draw_transition(options_);
  if (static_cast<int64_t>(coefficients.size()) != options_.n_matrices) {
    throw InputError("transition: expected " + std::to_string(options_.n_matrices) + " coefficients, got " +
                     std::to_string(coefficients.size()));
  }
  // M = Σ_j a_j G_j over [D·E] entries, with a rounded to float as Transition::combine does.
  const size_t n = static_cast<size_t>(draw.n_driven * options_.embedding_size);
  m_.assign(n, 0.0f);
  for (size_t j = 0; j < coefficients.size(); ++j) {
    const float a = static_cast<float>(coefficients[j]);
    const float* g = draw.matrices.data() + j * n;
    for (size_t i = 0; i < n; ++i) m_[i] += a * g[i];
  }
  held_ = draw.held;
}

std::vector<float> PlainTransition::map(std::span<const float> e) const {
  const int64_t e_size = options_.embedding_size;
  if (static_cast<int64_t>(e.size()) != e_size) {
    throw InputError("transition: expected embeddings [B, " + std::to_string(e_size) + "], got " +
                     std::to_string(e.size()) + " values");
  }
  std::vector<float> z = held_;
  const auto drive = [&](size_t row, size_t dim) {
    float dot = 0.0f;
    for (int64_t k = 0; k < e_size; ++k) dot += m_[row * size_t(e_size) + size_t(k)] * e[size_t(k)];
    z[dim] = kOutputScale * std::tanh(dot);
  };
  if (options_.driven_dims.empty()) {
    for (size_t d = 0; d < z.size(); ++d) drive(d, d);
  } else {
    for (size_t r = 0; r < options_.driven_dims.size(); ++r) drive(r, static_cast<size_t>(options_.driven_dims[r]));
  }
  return z;
}

}  // namespace vec2midi::transition
