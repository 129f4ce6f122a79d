#include "optim/acquisition.hpp"

#include <cmath>

namespace vec2midi::optim {

torch::Tensor negative_lcb(const torch::Tensor& mean, const torch::Tensor& variance, double weight) {
  return -(mean - weight * torch::sqrt(variance.clamp_min(1e-18)));
}

torch::Tensor expected_improvement(const torch::Tensor& mean, const torch::Tensor& variance, double best, double xi) {
  const torch::Tensor sigma = torch::sqrt(variance.clamp_min(1e-18));
  const torch::Tensor improvement = best - mean - xi;
  const torch::Tensor u = improvement / sigma;
  const torch::Tensor cdf = 0.5 * torch::erfc(-u / std::sqrt(2.0));
  const torch::Tensor pdf = torch::exp(-0.5 * u * u) / std::sqrt(2.0 * M_PI);
  return improvement * cdf + sigma * pdf;
}

}  // namespace vec2midi::optim
