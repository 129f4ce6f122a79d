#include "transition/transition.hpp"

#include <cmath>
#include <string>

#include "io/error.hpp"
#include "transition/transition_draw.hpp"

namespace vec2midi::transition {
namespace {

constexpr double kOutputScale = 2.0;  // z = 2·tanh(...) (MISSION.md §2; music_learning.py)

}  // namespace

Transition::Transition(TransitionOptions options) : options_(std::move(options)) {
  TransitionDraw draw = draw_transition(options_);
  n_driven_ = draw.n_driven;
  matrices_ = std::move(draw.matrices);
  held_ = std::move(draw.held);
}

std::vector<float> Transition::combine(std::span<const double> a) const {
  if (static_cast<int64_t>(a.size()) != options_.n_matrices) {
    throw InputError("transition: expected " + std::to_string(options_.n_matrices) + " coefficients, got " +
                     std::to_string(a.size()));
  }
  // a [K] · G [K, D·E] -> [D·E]
  const size_t n = static_cast<size_t>(n_driven_ * options_.embedding_size);
  std::vector<double> sum(n, 0.0);
  for (size_t j = 0; j < a.size(); ++j) {
    const float* g = matrices_.data() + j * n;
    for (size_t i = 0; i < n; ++i) sum[i] += a[j] * double(g[i]);
  }
  return std::vector<float>(sum.begin(), sum.end());
}

std::vector<float> Transition::apply(std::span<const float> m, std::span<const float> e) const {
  const auto e_size = static_cast<size_t>(options_.embedding_size);
  const auto n_driven = static_cast<size_t>(n_driven_);
  if (m.size() != n_driven * e_size) {
    throw InputError("transition: expected M of [" + std::to_string(n_driven) + ", " + std::to_string(e_size) + "], got " +
                     std::to_string(m.size()) + " values");
  }
  if (e.empty() || e.size() % e_size != 0) {
    throw InputError("transition: expected embeddings [B, " + std::to_string(e_size) + "], got " + std::to_string(e.size()) +
                     " values");
  }
  const size_t batch = e.size() / e_size, z_size = held_.size();
  std::vector<float> z(batch * z_size);
  for (size_t b = 0; b < batch; ++b) {
    float* row = z.data() + b * z_size;
    std::copy(held_.begin(), held_.end(), row);
    const float* eb = e.data() + b * e_size;
    for (size_t d = 0; d < n_driven; ++d) {
      double dot = 0.0;
      for (size_t k = 0; k < e_size; ++k) dot += double(m[d * e_size + k]) * double(eb[k]);
      const size_t dim = options_.driven_dims.empty() ? d : static_cast<size_t>(options_.driven_dims[d]);
      row[dim] = static_cast<float>(kOutputScale * std::tanh(dot));
    }
  }
  return z;
}

}  // namespace vec2midi::transition
