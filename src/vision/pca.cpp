#include "vision/pca.hpp"

#include "io/error.hpp"

namespace vec2midi::vision {

Pca fit_pca(const torch::Tensor& points, int64_t k) {
  if (points.dim() != 2 || points.size(0) < 2) throw InputError("PCA needs at least two points");
  const auto x = points.to(torch::kFloat64);
  const int64_t d = x.size(1);
  Pca pca;
  pca.mean = x.mean(0);
  const auto centred = x - pca.mean;
  const auto cov = centred.t().matmul(centred) / double(x.size(0) - 1);  // [D, D]
  const auto [values, vectors] = torch::linalg_eigh(cov, "L");            // ascending eigenvalues
  const int64_t m = std::min(k, d);
  auto top = vectors.flip({1}).slice(1, 0, m).t().contiguous();           // [m, D]
  const auto top_values = values.flip({0}).slice(0, 0, m).clamp_min(0.0);
  // Fixed sign: the entry of largest magnitude of each direction is positive.
  const auto idx = top.abs().argmax(1);
  const auto signs = top.gather(1, idx.unsqueeze(1)).sign().squeeze(1);
  top = top * torch::where(signs == 0, torch::ones_like(signs), signs).unsqueeze(1);
  pca.components = torch::zeros({k, d}, torch::kFloat64);
  pca.components.slice(0, 0, m).copy_(top);
  pca.explained_ratio = torch::zeros({k}, torch::kFloat64);
  const double total = values.clamp_min(0.0).sum().item<double>();
  if (total > 0) pca.explained_ratio.slice(0, 0, m).copy_(top_values / total);
  pca.mean = pca.mean.to(torch::kFloat32);
  pca.components = pca.components.to(torch::kFloat32);
  pca.explained_ratio = pca.explained_ratio.to(torch::kFloat32);
  return pca;
}

torch::Tensor project(const Pca& pca, const torch::Tensor& points) {
  // [N, D] - [D] -> [N, D] x [D, k] -> [N, k]
  return (points.to(torch::kFloat32) - pca.mean).matmul(pca.components.t());
}

}  // namespace vec2midi::vision
