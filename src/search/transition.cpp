#include "search/transition.hpp"

#include <random>
#include <set>
#include <string>

#include "io/error.hpp"
#include "search/normal_rng.hpp"

namespace vec2midi::search {

namespace {

constexpr double kOutputScale = 2.0;  // z = 2·tanh(...) (MISSION.md §2; music_learning.py)

std::string shape_string(const torch::Tensor& t) {
  std::string s = "[";
  for (int64_t i = 0; i < t.dim(); ++i) s += (i ? ", " : "") + std::to_string(t.size(i));
  return s + "]";
}

}  // namespace

void validate(const TransitionOptions& o) {
  if (o.n_matrices < 1) throw InputError("transition: K (number of matrices) must be >= 1, got " + std::to_string(o.n_matrices));
  if (o.latent_size < 1) throw InputError("transition: latent size must be >= 1, got " + std::to_string(o.latent_size));
  if (o.embedding_size < 1) {
    throw InputError("transition: embedding size must be >= 1, got " + std::to_string(o.embedding_size));
  }
  if (!(o.box > 0.0)) throw InputError("transition: box must be > 0, got " + std::to_string(o.box));
  if (!(o.noise_amplitude >= 0.0)) {
    throw InputError("transition: noise amplitude must be >= 0, got " + std::to_string(o.noise_amplitude));
  }
  std::set<int64_t> seen;
  for (int64_t d : o.driven_dims) {
    if (d < 0 || d >= o.latent_size) {
      throw InputError("transition: driven dim " + std::to_string(d) + " is outside 0.." +
                       std::to_string(o.latent_size - 1));
    }
    if (!seen.insert(d).second) throw InputError("transition: driven dim " + std::to_string(d) + " is repeated");
  }
}

Transition::Transition(TransitionOptions options) : options_(std::move(options)) {
  validate(options_);
  const int64_t z = options_.latent_size;
  const int64_t d = options_.driven_dims.empty() ? z : static_cast<int64_t>(options_.driven_dims.size());
  std::mt19937_64 gen(options_.seed);
  matrices_ = standard_normal_tensor(gen, {options_.n_matrices, d, options_.embedding_size});
  held_ = torch::zeros({z}, torch::kFloat32);
  if (!options_.driven_dims.empty()) {
    std::vector<float> held(static_cast<size_t>(z));
    for (auto& v : held) v = static_cast<float>(options_.noise_amplitude * (2.0 * uniform_open(gen) - 1.0));
    held_ = torch::tensor(held, torch::kFloat32);
    driven_index_ = torch::tensor(options_.driven_dims, torch::kInt64);
    held_.index_fill_(0, driven_index_, 0.0);
  }
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

}  // namespace vec2midi::search
