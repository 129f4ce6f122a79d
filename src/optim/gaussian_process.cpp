#include "optim/gaussian_process.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "io/error.hpp"
#include "io/random.hpp"
#include "optim/matern_kernel.hpp"

namespace vec2midi::optim {
namespace {

const auto kF64 = torch::TensorOptions().dtype(torch::kFloat64);

// Cholesky of a symmetric positive definite matrix, adding growing jitter if rounding made it indefinite.
torch::Tensor robust_cholesky(const torch::Tensor& k) {
  double jitter = 0.0;
  for (int attempt = 0; attempt < 6; ++attempt) {
    const torch::Tensor a = jitter > 0 ? k + jitter * torch::eye(k.size(0), kF64) : k;
    auto [l, info] = torch::linalg_cholesky_ex(a);
    if (info.item<int64_t>() == 0) return l;
    jitter = jitter == 0.0 ? 1e-10 : jitter * 100.0;
  }
  throw Error("Gaussian process: the kernel matrix is not positive definite even with jitter");
}

}  // namespace

torch::Tensor log_marginal_likelihood(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& log_lengthscales,
                                      const torch::Tensor& log_outputscale, const torch::Tensor& log_noise) {
  const int64_t n = x.size(0);
  // K [n, n] + σ_n² I -> L; α = L⁻ᵀ L⁻¹ y
  const torch::Tensor k = matern52(x, x, torch::exp(log_lengthscales), torch::exp(log_outputscale)) +
                          torch::exp(log_noise) * torch::eye(n, kF64);
  const torch::Tensor l = torch::linalg_cholesky(k);
  const torch::Tensor v = torch::linalg_solve_triangular(l, y.unsqueeze(1), /*upper=*/false, true, false);  // [n, 1]
  return -0.5 * (v * v).sum() - torch::log(torch::diagonal(l)).sum() - 0.5 * n * std::log(2.0 * M_PI);
}

GaussianProcess::GaussianProcess(int64_t n_dims) : n_dims_(n_dims) {
  if (n_dims < 1) throw InputError("Gaussian process: n_dims must be >= 1");
  hyper_.lengthscales.assign(static_cast<size_t>(n_dims), 0.5 * std::sqrt(static_cast<double>(n_dims)));
}

torch::Tensor GaussianProcess::lengthscales_tensor() const {
  return torch::tensor(hyper_.lengthscales, kF64);
}

void GaussianProcess::set_hyperparameters(const GpHyperparameters& hyper) {
  if (static_cast<int64_t>(hyper.lengthscales.size()) != n_dims_) {
    throw InputError("Gaussian process: " + std::to_string(hyper.lengthscales.size()) + " lengthscales for " +
                     std::to_string(n_dims_) + " dimensions");
  }
  hyper_ = hyper;
  if (size() > 0) refactor();
}

void GaussianProcess::set_data(const torch::Tensor& x, const torch::Tensor& y) {
  if (x.dim() != 2 || x.size(1) != n_dims_ || y.dim() != 1 || y.size(0) != x.size(0) || x.size(0) < 1) {
    throw InputError("Gaussian process: expected x [n, " + std::to_string(n_dims_) + "] and y [n] with n >= 1");
  }
  x_ = x.to(torch::kFloat64).contiguous();
  y_ = y.to(torch::kFloat64).contiguous();
  y_mean_ = y_.mean().item<double>();
  const double sd = y_.size(0) > 1 ? y_.std().item<double>() : 0.0;
  y_std_ = sd > 1e-12 ? sd : 1.0;
  refactor();
}

void GaussianProcess::refactor() {
  torch::NoGradGuard no_grad;
  const torch::Tensor k = matern52(x_, x_, lengthscales_tensor(), torch::tensor(hyper_.outputscale, kF64)) +
                          hyper_.noise * torch::eye(x_.size(0), kF64);
  chol_ = robust_cholesky(k);
  alpha_ = torch::cholesky_solve(((y_ - y_mean_) / y_std_).unsqueeze(1), chol_, false).squeeze(1);
  x32_ = torch::Tensor();  // the float32 copies are remade by the next predict_float32()
}

void GaussianProcess::update_float32_copies() const {
  if (x32_.defined()) return;
  x32_ = x_.to(torch::kFloat32);
  chol32_ = chol_.to(torch::kFloat32);
  alpha32_ = alpha_.to(torch::kFloat32);
  lengthscales32_ = lengthscales_tensor().to(torch::kFloat32);
}

void GaussianProcess::add_observation(const torch::Tensor& x, double y) {
  torch::NoGradGuard no_grad;
  const torch::Tensor xr = x.to(torch::kFloat64).reshape({1, n_dims_});
  if (size() == 0) {
    set_data(xr, torch::tensor({y}, kF64));
    return;
  }
  const int64_t n = size();
  // [L 0; lᵀ d] with l = L⁻¹ k(X, x), d = sqrt(k(x, x) + σ_n² - lᵀl)
  const torch::Tensor ls = lengthscales_tensor();
  const torch::Tensor s2 = torch::tensor(hyper_.outputscale, kF64);
  const torch::Tensor kx = matern52(x_, xr, ls, s2);  // [n, 1]
  const torch::Tensor l = torch::linalg_solve_triangular(chol_, kx, false, true, false);  // [n, 1]
  const double d2 = hyper_.outputscale + hyper_.noise - (l * l).sum().item<double>();
  const double d = std::sqrt(std::max(d2, 1e-12));
  // The new factor is written once (no zero fill of the whole matrix): old rows, a zero column, the new row.
  torch::Tensor grown = torch::empty({n + 1, n + 1}, kF64);
  grown.narrow(0, 0, n).narrow(1, 0, n).copy_(chol_);
  grown.narrow(0, 0, n).narrow(1, n, 1).zero_();
  grown.narrow(0, n, 1).narrow(1, 0, n).copy_(l.t());
  grown.index_put_({n, n}, d);
  chol_ = grown;
  x_ = torch::cat({x_, xr}, 0);
  y_ = torch::cat({y_, torch::tensor({y}, kF64)}, 0);
  alpha_ = torch::cholesky_solve(((y_ - y_mean_) / y_std_).unsqueeze(1), chol_, false).squeeze(1);
  x32_ = torch::Tensor();  // the float32 copies are remade by the next predict_float32()
}

double GaussianProcess::fit(const GpFitOptions& options) {
  if (size() == 0) throw Error("Gaussian process: fit() needs data");
  const int64_t n = size();
  const int64_t m = std::min(n, std::max<int64_t>(2, options.max_points));
  const torch::Tensor xs = x_.narrow(0, n - m, m);
  torch::Tensor ys = y_.narrow(0, n - m, m);
  const double mean = ys.mean().item<double>();
  const double sd = m > 1 ? ys.std().item<double>() : 0.0;
  ys = (ys - mean) / (sd > 1e-12 ? sd : 1.0);

  torch::Tensor log_ls = torch::log(lengthscales_tensor()).requires_grad_(true);
  torch::Tensor log_s2 = torch::tensor(std::log(hyper_.outputscale), kF64).requires_grad_(true);
  torch::Tensor log_noise = torch::tensor(std::log(std::max(hyper_.noise, options.min_noise)), kF64).requires_grad_(true);
  torch::optim::Adam adam({log_ls, log_s2, log_noise}, torch::optim::AdamOptions(options.learning_rate));
  const double lo_ls = std::log(options.min_lengthscale), hi_ls = std::log(options.max_lengthscale);
  double lml = 0.0;
  for (int64_t step = 0; step <= options.n_steps; ++step) {
    adam.zero_grad();
    const torch::Tensor value = optim::log_marginal_likelihood(xs, ys, log_ls, log_s2, log_noise);
    lml = value.item<double>();
    if (step == options.n_steps) break;
    (-value / static_cast<double>(m)).backward();
    adam.step();
    torch::NoGradGuard no_grad;
    log_ls.clamp_(lo_ls, hi_ls);
    log_s2.clamp_(std::log(1e-3), std::log(1e3));
    log_noise.clamp_(std::log(options.min_noise), std::log(10.0));
  }
  torch::NoGradGuard no_grad;
  const torch::Tensor ls = torch::exp(log_ls).contiguous();
  hyper_.lengthscales.assign(ls.data_ptr<double>(), ls.data_ptr<double>() + n_dims_);
  hyper_.outputscale = std::exp(log_s2.item<double>());
  hyper_.noise = std::exp(log_noise.item<double>());
  set_data(x_, y_);
  return lml;
}

double GaussianProcess::log_marginal_likelihood() const {
  if (size() == 0) throw Error("Gaussian process: no data");
  torch::NoGradGuard no_grad;
  const torch::Tensor ys = (y_ - y_mean_) / y_std_;
  const double quad = (ys * alpha_).sum().item<double>();
  const double logdet = torch::log(torch::diagonal(chol_)).sum().item<double>();
  return -0.5 * quad - logdet - 0.5 * static_cast<double>(size()) * std::log(2.0 * M_PI);
}

GpPosterior GaussianProcess::predict(const torch::Tensor& xs) const {
  return posterior(xs, x_, lengthscales_tensor(), chol_, alpha_);
}

GpPosterior GaussianProcess::predict_float32(const torch::Tensor& xs) const {
  if (size() > 0) update_float32_copies();
  return posterior(xs, x32_, lengthscales32_, chol32_, alpha32_);
}

GpPosterior GaussianProcess::posterior(const torch::Tensor& xs, const torch::Tensor& x, const torch::Tensor& lengthscales,
                                       const torch::Tensor& chol, const torch::Tensor& alpha) const {
  if (size() == 0) throw Error("Gaussian process: predict() needs data");
  if (xs.dim() != 2 || xs.size(1) != n_dims_) {
    throw InputError("Gaussian process: expected test points [m, " + std::to_string(n_dims_) + "]");
  }
  // k* [m, n]; mean = k* α; v = L⁻¹ k*ᵀ [n, m]; var = s² - Σ v²  (all in the dtype of x)
  const torch::Tensor ks =
      matern52(xs.to(x.scalar_type()), x, lengthscales, torch::tensor(hyper_.outputscale, x.options()));
  const torch::Tensor mean_s = torch::matmul(ks, alpha);
  const torch::Tensor v = torch::linalg_solve_triangular(chol, ks.t(), false, true, false);
  const torch::Tensor var_s = (hyper_.outputscale - (v * v).sum(0)).clamp_min(1e-12);
  return {y_mean_ + y_std_ * mean_s, (y_std_ * y_std_) * var_s};
}

torch::Tensor GaussianProcess::sample_joint(const torch::Tensor& xs, int64_t n_samples, std::mt19937_64& gen) const {
  if (size() == 0) throw Error("Gaussian process: sample_joint() needs data");
  torch::NoGradGuard no_grad;
  const torch::Tensor x = xs.to(torch::kFloat64);
  const int64_t m = x.size(0);
  const torch::Tensor ls = lengthscales_tensor();
  const torch::Tensor s2 = torch::tensor(hyper_.outputscale, kF64);
  // Σ = K** - vᵀv with v = L⁻¹ K(X, xs) [n, m]; draws = μ + chol(Σ)·ε
  const torch::Tensor ks = matern52(x, x_, ls, s2);
  const torch::Tensor v = torch::linalg_solve_triangular(chol_, ks.t(), false, true, false);
  const torch::Tensor cov = matern52(x, x, ls, s2) - torch::matmul(v.t(), v) + 1e-8 * torch::eye(m, kF64);
  const torch::Tensor l = robust_cholesky(cov);
  std::vector<double> eps(static_cast<size_t>(m * n_samples));
  io::fill_standard_normal(gen, eps);
  const torch::Tensor e = torch::from_blob(eps.data(), {m, n_samples}, kF64);
  const torch::Tensor mean_s = torch::matmul(ks, alpha_);  // [m]
  const torch::Tensor f = mean_s.unsqueeze(1) + torch::matmul(l, e);  // [m, n_samples]
  return (y_mean_ + y_std_ * f).t().contiguous();
}

}  // namespace vec2midi::optim
