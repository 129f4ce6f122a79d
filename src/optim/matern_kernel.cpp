#include "optim/matern_kernel.hpp"

#include <cmath>

namespace vec2midi::optim {

torch::Tensor scaled_squared_distances(const torch::Tensor& x1, const torch::Tensor& x2,
                                       const torch::Tensor& lengthscales) {
  // ||a - b||² = ||a||² + ||b||² - 2 a·b on the scaled inputs: one GEMM [n, d]·[d, m].
  const torch::Tensor a = x1 / lengthscales;
  const torch::Tensor b = x2 / lengthscales;
  const torch::Tensor aa = (a * a).sum(1, true);        // [n, 1]
  const torch::Tensor bb = (b * b).sum(1, true).t();    // [1, m]
  return (aa + bb - 2.0 * torch::matmul(a, b.t())).clamp_min(0.0);
}

torch::Tensor matern52(const torch::Tensor& x1, const torch::Tensor& x2, const torch::Tensor& lengthscales,
                       const torch::Tensor& outputscale) {
  const torch::Tensor r2 = scaled_squared_distances(x1, x2, lengthscales);
  // sqrt has an infinite derivative at 0; the kernel's derivative there is 0, so clamp before the root.
  const torch::Tensor r = torch::sqrt(r2.clamp_min(1e-30));
  const double sqrt5 = std::sqrt(5.0);
  return outputscale * (1.0 + sqrt5 * r + (5.0 / 3.0) * r2) * torch::exp(-sqrt5 * r);
}

}  // namespace vec2midi::optim
