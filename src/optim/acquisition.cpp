#include "optim/acquisition.hpp"

#include <algorithm>
#include <cmath>

namespace vec2midi::optim {
namespace {

constexpr double kMinVariance = 1e-18;

}  // namespace

AcquisitionValue negative_lcb(double mean, double variance, double weight) {
  const double v = std::max(variance, kMinVariance);
  const double sigma = std::sqrt(v);
  return {.value = -(mean - weight * sigma),
          .d_mean = -1.0,
          .d_variance = variance > kMinVariance ? weight / (2.0 * sigma) : 0.0};
}

AcquisitionValue expected_improvement(double mean, double variance, double best, double xi) {
  const double v = std::max(variance, kMinVariance);
  const double sigma = std::sqrt(v);
  const double improvement = best - mean - xi;
  const double u = improvement / sigma;
  const double cdf = 0.5 * std::erfc(-u / std::sqrt(2.0));
  const double pdf = std::exp(-0.5 * u * u) / std::sqrt(2.0 * M_PI);
  // ∂EI/∂μ = -Φ(u); ∂EI/∂σ = φ(u); ∂σ/∂variance = 1 / (2σ)
  return {.value = improvement * cdf + sigma * pdf,
          .d_mean = -cdf,
          .d_variance = variance > kMinVariance ? pdf / (2.0 * sigma) : 0.0};
}

}  // namespace vec2midi::optim
