#include "vae/latent_interpolation.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "io/error.hpp"

namespace vec2midi::vae {
namespace {

void check_endpoints(std::span<const float> z0, std::span<const float> z1, int64_t n_points) {
  if (z0.empty() || z0.size() != z1.size()) {
    throw InputError("interpolation needs two latent vectors of the same size, got sizes " + std::to_string(z0.size()) +
                     " and " + std::to_string(z1.size()));
  }
  if (n_points < 2) throw InputError("interpolation needs at least 2 points, got " + std::to_string(n_points));
}

// t_k = k / (n − 1), k = 0..n−1.
double fraction(int64_t k, int64_t n_points) { return double(k) / double(n_points - 1); }

// Row k of the path: wa(t_k)·z0 + wb(t_k)·z1, in double, for k = 0..n−1.
template <typename Weights>
std::vector<float> weighted_path(std::span<const float> z0, std::span<const float> z1, int64_t n_points, Weights weights) {
  const size_t z_size = z0.size();
  std::vector<float> path(size_t(n_points) * z_size);
  for (int64_t k = 0; k < n_points; ++k) {
    const auto [wa, wb] = weights(fraction(k, n_points));
    for (size_t i = 0; i < z_size; ++i) path[size_t(k) * z_size + i] = float(wa * double(z0[i]) + wb * double(z1[i]));
  }
  return path;
}

}  // namespace

std::vector<float> lerp(std::span<const float> z0, std::span<const float> z1, int64_t n_points) {
  check_endpoints(z0, z1, n_points);
  return weighted_path(z0, z1, n_points, [](double t) { return std::pair{1.0 - t, t}; });
}

std::vector<float> slerp(std::span<const float> z0, std::span<const float> z1, int64_t n_points) {
  check_endpoints(z0, z1, n_points);
  double dot = 0.0, norm0 = 0.0, norm1 = 0.0;
  for (size_t i = 0; i < z0.size(); ++i) {
    dot += double(z0[i]) * double(z1[i]);
    norm0 += double(z0[i]) * double(z0[i]);
    norm1 += double(z1[i]) * double(z1[i]);
  }
  const double norms = std::sqrt(norm0) * std::sqrt(norm1);
  if (norms == 0.0) return lerp(z0, z1, n_points);
  const double omega = std::acos(std::clamp(dot / norms, -1.0, 1.0));
  const double sin_omega = std::sin(omega);
  if (sin_omega < 1e-7) return lerp(z0, z1, n_points);
  return weighted_path(z0, z1, n_points, [&](double t) {
    return std::pair{std::sin((1.0 - t) * omega) / sin_omega, std::sin(t * omega) / sin_omega};
  });
}

}  // namespace vec2midi::vae
