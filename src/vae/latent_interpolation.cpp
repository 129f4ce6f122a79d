#include "vae/latent_interpolation.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <ATen/ATen.h>

#include "io/error.hpp"

namespace vec2midi::vae {
namespace {

void check_endpoints(const at::Tensor& z0, const at::Tensor& z1, int64_t n_points) {
  if (z0.dim() != 1 || z1.dim() != 1 || z0.size(0) != z1.size(0)) {
    throw InputError("interpolation needs two latent vectors of the same size, got shapes " +
                     std::to_string(z0.dim() == 1 ? z0.size(0) : -1) + " and " +
                     std::to_string(z1.dim() == 1 ? z1.size(0) : -1));
  }
  if (n_points < 2) throw InputError("interpolation needs at least 2 points, got " + std::to_string(n_points));
}

// t_k = k / (n − 1), k = 0..n−1, as a column [n, 1] in double.
at::Tensor fractions(int64_t n_points) { return at::linspace(0.0, 1.0, n_points, at::kDouble).unsqueeze(1); }

}  // namespace

at::Tensor lerp(const at::Tensor& z0, const at::Tensor& z1, int64_t n_points) {
  check_endpoints(z0, z1, n_points);
  const at::Tensor a = z0.to(at::kDouble).unsqueeze(0), b = z1.to(at::kDouble).unsqueeze(0);  // [1, Z]
  const at::Tensor t = fractions(n_points);                                                 // [n, 1]
  return ((1.0 - t) * a + t * b).to(z0.scalar_type());                                     // [n, Z]
}

at::Tensor slerp(const at::Tensor& z0, const at::Tensor& z1, int64_t n_points) {
  check_endpoints(z0, z1, n_points);
  const at::Tensor a = z0.to(at::kDouble), b = z1.to(at::kDouble);
  const double norms = a.norm().item<double>() * b.norm().item<double>();
  if (norms == 0.0) return lerp(z0, z1, n_points);
  const double cos_omega = std::clamp(a.dot(b).item<double>() / norms, -1.0, 1.0);
  const double omega = std::acos(cos_omega);
  const double sin_omega = std::sin(omega);
  if (sin_omega < 1e-7) return lerp(z0, z1, n_points);
  const at::Tensor t = fractions(n_points);  // [n, 1]
  const at::Tensor out = at::sin((1.0 - t) * omega) / sin_omega * a.unsqueeze(0) + at::sin(t * omega) / sin_omega * b.unsqueeze(0);
  return out.to(z0.scalar_type());  // [n, Z]
}

}  // namespace vec2midi::vae
