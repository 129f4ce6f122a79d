#include "optim/cmaes.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <Eigen/Eigenvalues>

#include "io/error.hpp"
#include "io/random.hpp"

namespace vec2midi::optim {
namespace {

std::vector<double> to_vector(const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

Eigen::VectorXd from_vector(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), Eigen::Index(v.size()));
}

}  // namespace

Cmaes::Cmaes(SearchSpace space, uint64_t seed, CmaesOptions options)
    : space_(space), options_(options), gen_(seed), d_(space.n_dims) {
  validate(space_);
  if (!(options_.sigma_init > 0.0)) throw InputError("cmaes: sigma_init must be > 0");
  const double n = static_cast<double>(d_);
  lambda_ = options_.population > 0 ? options_.population : 4 + static_cast<int64_t>(std::floor(3.0 * std::log(n)));
  if (lambda_ < 2) throw InputError("cmaes: population must be >= 2");
  mu_ = lambda_ / 2;
  // Tutorial Table 1: w_i ∝ ln((λ+1)/2) - ln i, normalised to sum 1.
  std::vector<double> w(static_cast<size_t>(mu_));
  for (int64_t i = 0; i < mu_; ++i) w[static_cast<size_t>(i)] = std::log((lambda_ + 1) / 2.0) - std::log(i + 1.0);
  const double sum = std::accumulate(w.begin(), w.end(), 0.0);
  double sum_sq = 0.0;
  for (auto& v : w) {
    v /= sum;
    sum_sq += v * v;
  }
  weights_ = from_vector(w);
  mu_eff_ = 1.0 / sum_sq;
  c_sigma_ = (mu_eff_ + 2.0) / (n + mu_eff_ + 5.0);
  d_sigma_ = 1.0 + 2.0 * std::max(0.0, std::sqrt((mu_eff_ - 1.0) / (n + 1.0)) - 1.0) + c_sigma_;
  c_c_ = (4.0 + mu_eff_ / n) / (n + 4.0 + 2.0 * mu_eff_ / n);
  c_1_ = 2.0 / ((n + 1.3) * (n + 1.3) + mu_eff_);
  c_mu_ = std::min(1.0 - c_1_, 2.0 * (mu_eff_ - 2.0 + 1.0 / mu_eff_) / ((n + 2.0) * (n + 2.0) + mu_eff_));
  chi_n_ = std::sqrt(n) * (1.0 - 1.0 / (4.0 * n) + 1.0 / (21.0 * n * n));
  mean_ = Eigen::VectorXd::Constant(d_, 0.5);
  p_sigma_ = Eigen::VectorXd::Zero(d_);
  p_c_ = Eigen::VectorXd::Zero(d_);
  cov_ = Eigen::MatrixXd::Identity(d_, d_);
  sigma_ = options_.sigma_init;
  decompose();
}

void Cmaes::decompose() {
  const Eigen::MatrixXd sym = 0.5 * (cov_ + cov_.transpose());
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(sym);
  if (eigen.info() != Eigen::Success) throw Error("cmaes: the covariance matrix has no eigendecomposition");
  basis_ = eigen.eigenvectors();
  scales_ = eigen.eigenvalues().cwiseMax(1e-20).cwiseSqrt();
}

std::vector<std::vector<double>> Cmaes::ask(int64_t n) {
  std::vector<std::vector<double>> out;
  std::vector<double> z(static_cast<size_t>(d_));
  for (int64_t i = 0; i < n; ++i) {
    io::fill_standard_normal(gen_, z);
    // x = m + σ B (D ⊙ z)
    const Eigen::VectorXd y = basis_ * scales_.cwiseProduct(from_vector(z));
    out.push_back(from_unit(space_, to_vector(mean_ + sigma_ * y)));
  }
  return out;
}

void Cmaes::tell(const std::vector<std::vector<double>>& xs, const std::vector<double>& ys) {
  if (xs.size() != ys.size()) throw InputError("cmaes: tell() got different numbers of points and losses");
  n_told_ += static_cast<int64_t>(xs.size());
  if (static_cast<int64_t>(xs.size()) < lambda_) return;  // partial generation: no update
  std::vector<size_t> order(xs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ys[a] < ys[b]; });
  Eigen::MatrixXd y_sel(mu_, d_);  // (x_i:λ - m) / σ of the best μ
  for (int64_t i = 0; i < mu_; ++i) {
    const auto u = to_unit(space_, xs[order[static_cast<size_t>(i)]]);
    y_sel.row(i) = ((from_vector(u) - mean_) / sigma_).transpose();
  }
  const Eigen::VectorXd y_w = y_sel.transpose() * weights_;  // [d]
  mean_ = mean_ + sigma_ * y_w;
  // C^{-1/2} y_w = B D⁻¹ Bᵀ y_w
  const Eigen::VectorXd c_inv_sqrt_y = basis_ * (basis_.transpose() * y_w).cwiseQuotient(scales_);
  p_sigma_ = (1.0 - c_sigma_) * p_sigma_ + std::sqrt(c_sigma_ * (2.0 - c_sigma_) * mu_eff_) * c_inv_sqrt_y;
  const double ps_norm = p_sigma_.norm();
  ++generation_;
  const double h_threshold =
      (1.4 + 2.0 / (static_cast<double>(d_) + 1.0)) * chi_n_ *
      std::sqrt(1.0 - std::pow(1.0 - c_sigma_, 2.0 * static_cast<double>(generation_)));
  const double h_sigma = ps_norm < h_threshold ? 1.0 : 0.0;
  p_c_ = (1.0 - c_c_) * p_c_ + h_sigma * std::sqrt(c_c_ * (2.0 - c_c_) * mu_eff_) * y_w;
  const double delta_h = (1.0 - h_sigma) * c_c_ * (2.0 - c_c_);
  const Eigen::MatrixXd rank_mu = y_sel.transpose() * weights_.asDiagonal() * y_sel;  // Σ w_i y_i y_iᵀ
  cov_ = (1.0 - c_1_ - c_mu_) * cov_ + c_1_ * (p_c_ * p_c_.transpose() + delta_h * cov_) + c_mu_ * rank_mu;
  sigma_ *= std::exp((c_sigma_ / d_sigma_) * (ps_norm / chi_n_ - 1.0));
  sigma_ = std::min(sigma_, 1.0);
  decompose();
}

std::vector<double> Cmaes::cov_row_major() const {
  std::vector<double> out(static_cast<size_t>(d_ * d_));
  Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(out.data(), d_, d_) = cov_;
  return out;
}

std::vector<double> Cmaes::mean() const { return from_unit(space_, to_vector(mean_)); }

nlohmann::json Cmaes::state() const {
  return {{"rng", rng_state(gen_)},          {"n_told", n_told_},          {"generation", generation_},
          {"sigma", sigma_},                 {"mean", to_vector(mean_)},   {"p_sigma", to_vector(p_sigma_)},
          {"p_c", to_vector(p_c_)},          {"cov", cov_row_major()}};
}

void Cmaes::restore(const nlohmann::json& state, const std::vector<std::vector<double>>& xs, const std::vector<double>&) {
  if (state.at("n_told").get<int64_t>() != static_cast<int64_t>(xs.size())) {
    throw InputError("cmaes: checkpoint state does not match the history (" + std::to_string(xs.size()) + " points)");
  }
  set_rng_state(gen_, state.at("rng").get<std::string>());
  n_told_ = static_cast<int64_t>(xs.size());
  generation_ = state.at("generation").get<int64_t>();
  sigma_ = state.at("sigma").get<double>();
  mean_ = from_vector(state.at("mean").get<std::vector<double>>());
  p_sigma_ = from_vector(state.at("p_sigma").get<std::vector<double>>());
  p_c_ = from_vector(state.at("p_c").get<std::vector<double>>());
  const auto cov = state.at("cov").get<std::vector<double>>();
  if (mean_.size() != d_ || p_sigma_.size() != d_ || p_c_.size() != d_ || static_cast<int64_t>(cov.size()) != d_ * d_) {
    throw InputError("cmaes: checkpoint state has the wrong dimension");
  }
  cov_ = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(cov.data(), d_, d_);
  decompose();
}

}  // namespace vec2midi::optim
