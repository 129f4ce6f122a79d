#include "optim/gaussian_process.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/Cholesky>

#include "io/error.hpp"
#include "io/random.hpp"
#include "optim/adam.hpp"
#include "optim/matern_kernel.hpp"

namespace vec2midi::optim {
namespace {

const double kLog2Pi = std::log(2.0 * M_PI);

// Cholesky of a symmetric positive definite matrix in place (lower triangle), adding growing jitter to the
// diagonal if rounding made it indefinite. `k` is overwritten by the factor.
template <typename Matrix>
void robust_cholesky_in_place(Matrix&& k) {
  const Eigen::MatrixXd original = k;
  double jitter = 0.0;
  for (int attempt = 0; attempt < 6; ++attempt) {
    if (jitter > 0.0) {
      k = original;
      k.diagonal().array() += jitter;
    }
    Eigen::LLT<Eigen::Ref<Eigen::MatrixXd>> llt(k);
    if (llt.info() == Eigen::Success) return;
    jitter = jitter == 0.0 ? 1e-10 : jitter * 100.0;
  }
  throw Error("Gaussian process: the kernel matrix is not positive definite even with jitter");
}

// Room for n rows and a quarter more (at least 256), so that growing one at a time copies rarely.
Eigen::Index capacity_for(Eigen::Index n) { return n + std::max<Eigen::Index>(256, n / 4); }

double sample_std(const Eigen::VectorXd& y) {
  if (y.size() < 2) return 0.0;
  return std::sqrt((y.array() - y.mean()).square().sum() / static_cast<double>(y.size() - 1));
}

}  // namespace

LmlValue log_marginal_likelihood(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const GpHyperparameters& hyper) {
  const Eigen::Index n = x.rows(), d = x.cols();
  const Eigen::VectorXd ls = Eigen::Map<const Eigen::VectorXd>(hyper.lengthscales.data(), d);
  const MaternValues kernel = matern52_with_factor(scaled_squared_distances(x, x, ls), hyper.outputscale);
  Eigen::MatrixXd k = kernel.k;
  k.diagonal().array() += hyper.noise;
  const Eigen::LLT<Eigen::MatrixXd> llt(k);
  if (llt.info() != Eigen::Success) throw Error("Gaussian process: the kernel matrix is not positive definite");
  const Eigen::VectorXd alpha = llt.solve(y);
  LmlValue out;
  const Eigen::MatrixXd l = llt.matrixL();
  out.value = -0.5 * y.dot(alpha) - l.diagonal().array().log().sum() - 0.5 * static_cast<double>(n) * kLog2Pi;
  // W = ααᵀ - K⁻¹; ∂LML/∂θ = ½ Σ_ij W_ij ∂K_ij/∂θ (R&W eq. 5.9).
  const Eigen::MatrixXd w = alpha * alpha.transpose() - llt.solve(Eigen::MatrixXd::Identity(n, n));
  // log ℓ_k: ∂K_ij = g_ij (x_ik - x_jk)² / ℓ_k², and Σ_ij A_ij (x_ik - x_jk)² = 2 Σ_i x_ik² a_i - 2 Σ_i x_ik (A X)_ik
  // for the symmetric A = W ∘ g with row sums a.
  const Eigen::MatrixXd a = w.cwiseProduct(kernel.g);
  const Eigen::VectorXd row_sums = a.rowwise().sum();
  const Eigen::MatrixXd ax = a * x;
  out.gradient.resize(d + 2);
  for (Eigen::Index j = 0; j < d; ++j) {
    const double s = x.col(j).cwiseAbs2().dot(row_sums) - x.col(j).dot(ax.col(j));
    out.gradient(j) = s / (ls(j) * ls(j));
  }
  out.gradient(d) = 0.5 * w.cwiseProduct(kernel.k).sum();      // log s²: ∂K = s² k̃ = the kernel part
  out.gradient(d + 1) = 0.5 * hyper.noise * w.diagonal().sum();  // log σ_n²: ∂K = σ_n² I
  return out;
}

GaussianProcess::GaussianProcess(int64_t n_dims) : n_dims_(n_dims) {
  if (n_dims < 1) throw InputError("Gaussian process: n_dims must be >= 1");
  hyper_.lengthscales.assign(static_cast<size_t>(n_dims), 0.5 * std::sqrt(static_cast<double>(n_dims)));
}

Eigen::VectorXd GaussianProcess::lengthscales() const {
  return Eigen::Map<const Eigen::VectorXd>(hyper_.lengthscales.data(), n_dims_);
}

Eigen::VectorXd GaussianProcess::standardised_targets() const {
  return (y_.head(n_).array() - y_mean_) / y_std_;
}

void GaussianProcess::set_hyperparameters(const GpHyperparameters& hyper) {
  if (static_cast<int64_t>(hyper.lengthscales.size()) != n_dims_) {
    throw InputError("Gaussian process: " + std::to_string(hyper.lengthscales.size()) + " lengthscales for " +
                     std::to_string(n_dims_) + " dimensions");
  }
  hyper_ = hyper;
  if (n_ > 0) refactor();
}

void GaussianProcess::set_data(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  if (x.cols() != n_dims_ || y.size() != x.rows() || x.rows() < 1) {
    throw InputError("Gaussian process: expected x [n, " + std::to_string(n_dims_) + "] and y [n] with n >= 1");
  }
  n_ = x.rows();
  const Eigen::Index capacity = capacity_for(n_);
  x_.resize(capacity, n_dims_);
  x_.topRows(n_) = x;
  y_.resize(capacity);
  y_.head(n_) = y;
  y_mean_ = y.mean();
  const double sd = sample_std(y);
  y_std_ = sd > 1e-12 ? sd : 1.0;
  refactor();
}

void GaussianProcess::refactor() {
  if (chol_.rows() < x_.rows()) chol_.resize(x_.rows(), x_.rows());
  const Eigen::MatrixXd x = x_.topRows(n_);
  auto k = chol_.topLeftCorner(n_, n_);
  k = matern52(x, x, lengthscales(), hyper_.outputscale);
  k.diagonal().array() += hyper_.noise;
  robust_cholesky_in_place(k);
  solve_alpha();
}

void GaussianProcess::solve_alpha() {
  const auto l = chol_.topLeftCorner(n_, n_).triangularView<Eigen::Lower>();
  alpha_ = l.solve(standardised_targets());
  l.transpose().solveInPlace(alpha_);
}

void GaussianProcess::reserve(Eigen::Index n) {
  if (n <= x_.rows()) return;
  // Larger storage; the factor's columns keep their place.
  const Eigen::Index capacity = capacity_for(n);
  Eigen::MatrixXd x_grown(capacity, n_dims_), chol_grown(capacity, capacity);
  Eigen::VectorXd y_grown(capacity);
  x_grown.topRows(n_) = x_.topRows(n_);
  y_grown.head(n_) = y_.head(n_);
  chol_grown.topLeftCorner(n_, n_).triangularView<Eigen::Lower>() = chol_.topLeftCorner(n_, n_);
  x_.swap(x_grown);
  y_.swap(y_grown);
  chol_.swap(chol_grown);
}

void GaussianProcess::add_observation(const Eigen::VectorXd& x, double y) {
  if (x.size() != n_dims_) throw InputError("Gaussian process: expected a point of " + std::to_string(n_dims_) + " values");
  if (n_ == 0) {
    set_data(x.transpose(), Eigen::VectorXd::Constant(1, y));
    return;
  }
  reserve(n_ + 1);
  // [L 0; lᵀ d] with l = L⁻¹ k(X, x), d = sqrt(k(x, x) + σ_n² - lᵀl)
  const Eigen::VectorXd kx = matern52(x_.topRows(n_), x.transpose(), lengthscales(), hyper_.outputscale);
  const Eigen::VectorXd l = chol_.topLeftCorner(n_, n_).triangularView<Eigen::Lower>().solve(kx);
  const double d2 = hyper_.outputscale + hyper_.noise - l.squaredNorm();
  chol_.row(n_).head(n_) = l.transpose();
  chol_(n_, n_) = std::sqrt(std::max(d2, 1e-12));
  x_.row(n_) = x.transpose();
  y_(n_) = y;
  ++n_;
  solve_alpha();
}

void GaussianProcess::add_observations(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  if (x.cols() != n_dims_ || y.size() != x.rows()) {
    throw InputError("Gaussian process: expected points [q, " + std::to_string(n_dims_) + "] and q losses");
  }
  const Eigen::Index q = x.rows();
  if (q == 0) return;
  if (n_ == 0 || q == 1) {
    for (Eigen::Index i = 0; i < q; ++i) add_observation(x.row(i).transpose(), y(i));
    return;
  }
  reserve(n_ + q);
  // [L 0; Bᵀ C] with B = L⁻¹ k(X, x) [n, q] (one triangular solve with q columns: one pass over L instead of
  // q) and C the Cholesky factor of k(x, x) + σ_n² I - BᵀB.
  const Eigen::MatrixXd kx = matern52(x_.topRows(n_), x, lengthscales(), hyper_.outputscale);  // [n, q]
  const Eigen::MatrixXd b = chol_.topLeftCorner(n_, n_).triangularView<Eigen::Lower>().solve(kx);
  Eigen::MatrixXd schur = matern52(x, x, lengthscales(), hyper_.outputscale) - b.transpose() * b;
  schur.diagonal().array() += hyper_.noise;
  robust_cholesky_in_place(schur);
  chol_.block(n_, 0, q, n_) = b.transpose();
  chol_.block(n_, n_, q, q).triangularView<Eigen::Lower>() = schur.triangularView<Eigen::Lower>();
  x_.middleRows(n_, q) = x;
  y_.segment(n_, q) = y;
  n_ += q;
  solve_alpha();
}

GpFit fit_hyperparameters(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const GpHyperparameters& start,
                          const GpFitOptions& options) {
  const Eigen::Index n = x.rows();
  if (n == 0 || y.size() != n || static_cast<size_t>(x.cols()) != start.lengthscales.size()) {
    throw InputError("Gaussian process: fit_hyperparameters() needs data and one lengthscale per dimension");
  }
  const Eigen::Index m = std::min<Eigen::Index>(n, std::max<int64_t>(2, options.max_points));
  const Eigen::MatrixXd xs = x.bottomRows(m);
  Eigen::VectorXd ys = y.tail(m);
  const double mean = ys.mean();
  const double sd = sample_std(ys);
  ys = (ys.array() - mean) / (sd > 1e-12 ? sd : 1.0);

  // θ = (log ℓ, log s², log σ_n²); Adam minimises -LML / m.
  const Eigen::Index d = x.cols();
  Eigen::VectorXd theta(d + 2);
  theta.head(d) = Eigen::Map<const Eigen::VectorXd>(start.lengthscales.data(), d).array().log();
  theta(d) = std::log(start.outputscale);
  theta(d + 1) = std::log(std::max(start.noise, options.min_noise));
  Adam adam(d + 2, {.learning_rate = options.learning_rate});
  const double lo_ls = std::log(options.min_lengthscale), hi_ls = std::log(options.max_lengthscale);
  GpHyperparameters trial;
  double lml = 0.0;
  for (int64_t step = 0; step <= options.n_steps; ++step) {
    trial.lengthscales.assign(static_cast<size_t>(d), 0.0);
    for (Eigen::Index j = 0; j < d; ++j) trial.lengthscales[static_cast<size_t>(j)] = std::exp(theta(j));
    trial.outputscale = std::exp(theta(d));
    trial.noise = std::exp(theta(d + 1));
    const LmlValue value = optim::log_marginal_likelihood(xs, ys, trial);
    lml = value.value;
    if (step == options.n_steps) break;
    adam.step(theta, -value.gradient / static_cast<double>(m));
    theta.head(d) = theta.head(d).cwiseMax(lo_ls).cwiseMin(hi_ls);
    theta(d) = std::clamp(theta(d), std::log(1e-3), std::log(1e3));
    theta(d + 1) = std::clamp(theta(d + 1), std::log(options.min_noise), std::log(10.0));
  }
  return {trial, lml};
}

double GaussianProcess::fit(const GpFitOptions& options) {
  if (n_ == 0) throw Error("Gaussian process: fit() needs data");
  const GpFit fitted = fit_hyperparameters(x_.topRows(n_), y_.head(n_), hyper_, options);
  hyper_ = fitted.hyperparameters;
  set_data(x_.topRows(n_), y_.head(n_));
  return fitted.lml;
}

GaussianProcess GaussianProcess::refitted(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const GpHyperparameters& start,
                                          const GpFitOptions& options) {
  GaussianProcess gp(x.cols());
  gp.hyper_ = fit_hyperparameters(x, y, start, options).hyperparameters;
  gp.set_data(x, y);
  return gp;
}

double GaussianProcess::log_marginal_likelihood() const {
  if (n_ == 0) throw Error("Gaussian process: no data");
  const double quad = standardised_targets().dot(alpha_);
  const double logdet = chol_.topLeftCorner(n_, n_).diagonal().array().log().sum();
  return -0.5 * quad - logdet - 0.5 * static_cast<double>(n_) * kLog2Pi;
}

Eigen::MatrixXd GaussianProcess::test_distances(const Eigen::MatrixXd& xs) const {
  if (n_ == 0) throw Error("Gaussian process: predict() needs data");
  if (xs.cols() != n_dims_) {
    throw InputError("Gaussian process: expected test points [m, " + std::to_string(n_dims_) + "]");
  }
  return scaled_squared_distances(xs, x_.topRows(n_), lengthscales());  // [m, n]
}

GpPosterior GaussianProcess::predict(const Eigen::MatrixXd& xs) const {
  const Eigen::MatrixXd ks = matern52_with_factor(test_distances(xs), hyper_.outputscale).k;  // [m, n]
  // mean = k* α; V = L⁻¹ k*ᵀ [n, m]; var = s² - Σ V²
  const Eigen::VectorXd mean_s = ks * alpha_;
  const Eigen::MatrixXd v = chol_.topLeftCorner(n_, n_).triangularView<Eigen::Lower>().solve(ks.transpose());
  const Eigen::VectorXd var_s = (hyper_.outputscale - v.colwise().squaredNorm().transpose().array()).cwiseMax(1e-12);
  return {(y_mean_ + y_std_ * mean_s.array()).matrix(), (y_std_ * y_std_) * var_s};
}

Eigen::MatrixXd GaussianProcess::weighted_kernel_gradient(const Eigen::MatrixXd& xs, const Eigen::MatrixXd& cg) const {
  // ∂k(x, X_j)/∂x_k = -g_j (x_k - X_jk) / ℓ_k², so for weights c_j: Σ_j c_j ∂k_j/∂x = -(x Σ_j c_j g_j - Σ_j c_j g_j X_j) / ℓ².
  const auto x = x_.topRows(n_);  // a view: the data are not copied on every ascent step
  const Eigen::ArrayXd inv_ls2 = lengthscales().array().square().inverse();
  const Eigen::ArrayXXd weighted_data = (cg * x).array();                                   // Σ_j c_j g_j X_j
  const Eigen::ArrayXXd weighted_point = xs.array().colwise() * cg.rowwise().sum().array();  // x Σ_j c_j g_j
  return ((weighted_data - weighted_point).rowwise() * inv_ls2.transpose()).matrix();       // [m, d]
}

Eigen::MatrixXd GaussianProcess::mean_gradient(const Eigen::MatrixXd& xs) const {
  const MaternValues kernel = matern52_with_factor(test_distances(xs), hyper_.outputscale);  // [m, n]
  const Eigen::MatrixXd alpha_g = kernel.g.array().rowwise() * alpha_.transpose().array();
  return y_std_ * weighted_kernel_gradient(xs, alpha_g);
}

GpPosteriorGradient GaussianProcess::predict_with_gradient(const Eigen::MatrixXd& xs) const {
  const MaternValues kernel = matern52_with_factor(test_distances(xs), hyper_.outputscale);  // [m, n] each
  const auto l = chol_.topLeftCorner(n_, n_).triangularView<Eigen::Lower>();
  const Eigen::MatrixXd v = l.solve(kernel.k.transpose());                  // V = L⁻¹ k*ᵀ [n, m]
  const Eigen::MatrixXd beta = l.transpose().solve(v);  // (K + σ_n² I)⁻¹ k*ᵀ [n, m]
  const Eigen::VectorXd mean_s = kernel.k * alpha_;
  const Eigen::VectorXd raw_var = hyper_.outputscale - v.colwise().squaredNorm().transpose().array();
  const Eigen::MatrixXd alpha_g = kernel.g.array().rowwise() * alpha_.transpose().array();
  const Eigen::MatrixXd beta_g = kernel.g.cwiseProduct(beta.transpose());
  GpPosteriorGradient out;
  out.posterior.mean = (y_mean_ + y_std_ * mean_s.array()).matrix();
  out.posterior.variance = (y_std_ * y_std_) * raw_var.cwiseMax(1e-12);
  out.mean_gradient = y_std_ * weighted_kernel_gradient(xs, alpha_g);
  out.variance_gradient = (-2.0 * y_std_ * y_std_) * weighted_kernel_gradient(xs, beta_g);  // ∂var = -2 βᵀ ∂k*
  for (Eigen::Index i = 0; i < raw_var.size(); ++i) {
    if (raw_var(i) < 1e-12) out.variance_gradient.row(i).setZero();
  }
  return out;
}

Eigen::MatrixXd GaussianProcess::sample_joint(const Eigen::MatrixXd& xs, int64_t n_samples, std::mt19937_64& gen) const {
  if (n_ == 0) throw Error("Gaussian process: sample_joint() needs data");
  const Eigen::Index m = xs.rows();
  // Σ = K** - VᵀV with V = L⁻¹ K(X, xs) [n, m]; draws = μ + chol(Σ)·ε
  const Eigen::MatrixXd ks = matern52(xs, x_.topRows(n_), lengthscales(), hyper_.outputscale);  // [m, n]
  const Eigen::MatrixXd v = chol_.topLeftCorner(n_, n_).triangularView<Eigen::Lower>().solve(ks.transpose());
  Eigen::MatrixXd cov = matern52(xs, xs, lengthscales(), hyper_.outputscale) - v.transpose() * v;
  cov.diagonal().array() += 1e-8;
  robust_cholesky_in_place(cov);
  std::vector<double> eps(static_cast<size_t>(m * n_samples));
  io::fill_standard_normal(gen, eps);
  // ε [m, n_samples] row-major as drawn (row i = test point i).
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> e(eps.data(), m, n_samples);
  const Eigen::VectorXd mean_s = ks * alpha_;
  Eigen::MatrixXd f = cov.triangularView<Eigen::Lower>() * e;  // [m, n_samples]
  f.colwise() += mean_s;
  return ((y_mean_ + y_std_ * f.array()).matrix()).transpose();
}

}  // namespace vec2midi::optim
