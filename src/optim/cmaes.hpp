// CMA-ES (Hansen 2016, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772, Table 1 defaults) on the
// unit box: a population of λ = 4 + ⌊3 ln d⌋ Gaussian samples per generation, weighted recombination of the
// best μ = ⌊λ/2⌋, cumulative step-size adaptation and rank-one + rank-μ covariance updates. Samples are
// clipped to the box and the update uses the clipped points.
// Usage: Cmaes opt(space, seed, {}); auto xs = opt.ask(opt.preferred_batch()); opt.tell(xs, losses);
#pragma once

#include <random>

#include <Eigen/Core>

#include "optim/optimizer.hpp"

namespace vec2midi::optim {

/// CMA-ES settings.
struct CmaesOptions {
  double sigma_init = 0.3;   ///< initial step size in unit-box coordinates (tutorial: about 1/3 of the range)
  int64_t population = 0;    ///< λ; 0 = 4 + ⌊3 ln d⌋ (tutorial Table 1)
};

/// CMA-ES. tell() expects one whole generation (the λ points of the last ask, clipped or not); a smaller
/// batch is recorded without an update (the end of a budget).
class Cmaes : public Optimizer {
 public:
  Cmaes(SearchSpace space, uint64_t seed, CmaesOptions options);
  std::string name() const override { return "cmaes"; }
  int64_t preferred_batch() const override { return lambda_; }
  std::vector<std::vector<double>> ask(int64_t n) override;
  void tell(const std::vector<std::vector<double>>& xs, const std::vector<double>& ys) override;
  nlohmann::json state() const override;
  void restore(const nlohmann::json& state, const std::vector<std::vector<double>>& xs,
               const std::vector<double>& ys) override;

  /// The current mean (box coordinates) and step size (unit-box coordinates).
  std::vector<double> mean() const;
  double sigma() const { return sigma_; }

 private:
  void decompose();
  std::vector<double> cov_row_major() const;  // the covariance as saved in state()

  SearchSpace space_;
  CmaesOptions options_;
  std::mt19937_64 gen_;
  int64_t d_, lambda_, mu_;
  Eigen::VectorXd weights_;  // [μ]
  double mu_eff_, c_sigma_, d_sigma_, c_c_, c_1_, c_mu_, chi_n_;
  Eigen::VectorXd mean_, p_sigma_, p_c_;  // [d]
  Eigen::MatrixXd cov_;                   // [d, d]
  Eigen::MatrixXd basis_;                 // eigenvectors B [d, d]
  Eigen::VectorXd scales_;                // sqrt of the eigenvalues D [d]
  double sigma_;
  int64_t generation_ = 0;
  int64_t n_told_ = 0;
};

}  // namespace vec2midi::optim
