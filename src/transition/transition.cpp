#include "transition/transition.hpp"

#include <string>

#include "io/error.hpp"
#include "transition/transition_draw.hpp"

namespace vec2midi::transition {

namespace {

constexpr double kOutputScale = 2.0;  // z = 2·tanh(...) (MISSION.md §2; music_learning.py)

std::string shape_string(const torch::Tensor& t) {
  std::string s = "[";
  for (int64_t i = 0; i < t.dim(); ++i) s += (i ? ", " : "") + std::to_string(t.size(i));
  return s + "]";
}

}  // namespace

Transition::Transition(TransitionOptions options) : options_(std::move(options)) {
  TransitionDraw draw = draw_transition(options_);
  const int64_t d = draw.n_driven;
  matrices_ = torch::from_blob(draw.matrices.data(), {options_.n_matrices, d, options_.embedding_size}, torch::kFloat32)
                  .clone();
  held_ = torch::from_blob(draw.held.data(), {options_.latent_size}, torch::kFloat32).clone();
  if (!options_.driven_dims.empty()) driven_index_ = torch::tensor(options_.driven_dims, torch::kInt64);
}

torch::Tensor Transition::combine(const torch::Tensor& a) const {
  if (a.dim() != 1 || a.size(0) != options_.n_matrices) {
    throw InputError("transition: expected " + std::to_string(options_.n_matrices) + " coefficients, got shape " +
                     shape_string(a));
  }
  // a [K] · G [K, D·E] -> [D·E] -> [D, E]
  const torch::Tensor flat = matrices_.reshape({options_.n_matrices, -1});
  return torch::matmul(a.to(torch::kCPU, torch::kFloat32), flat).reshape({matrices_.size(1), matrices_.size(2)});
}

torch::Tensor Transition::combine(std::span<const double> a) const {
  const auto t = torch::from_blob(const_cast<double*>(a.data()), {static_cast<int64_t>(a.size())}, torch::kFloat64);
  return combine(t);
}

torch::Tensor Transition::apply(const torch::Tensor& m, const torch::Tensor& e) const {
  if (e.dim() != 2 || e.size(1) != options_.embedding_size) {
    throw InputError("transition: expected embeddings [B, " + std::to_string(options_.embedding_size) + "], got " +
                     shape_string(e));
  }
  const auto device = e.device();
  // e [B, E] · M^T [E, D] -> [B, D]
  const torch::Tensor driven =
      kOutputScale * torch::tanh(torch::matmul(e.to(torch::kFloat32), m.to(device, torch::kFloat32).t()));
  if (!driven_index_.defined()) return driven;
  // held [Z] -> [B, Z], then the driven columns replaced
  torch::Tensor z = held_.to(device).unsqueeze(0).expand({e.size(0), options_.latent_size}).clone();
  z.index_copy_(1, driven_index_.to(device), driven);
  return z;
}

}  // namespace vec2midi::transition
