// An exact Gaussian process regressor (float64, Eigen; its large products and triangular solves go to the
// BLAS): Matérn-5/2 ARD kernel plus a noise term, hyperparameters by maximising the log marginal
// likelihood (Rasmussen & Williams 2006, eq. 2.30, gradient eq. 5.9) with Adam on their logarithms, and an
// incremental Cholesky update (O(n²) per new point) between refits, which is what keeps GP-BO usable at
// 3,000+ observations. Gradients are written out (no autograd): of the LML in the log-hyperparameters,
// and of the posterior mean and variance in the test point (for the acquisition ascent).
// Usage: GaussianProcess gp(d); gp.set_data(x, y); gp.fit({}); GpPosterior post = gp.predict(xs);
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include <Eigen/Core>

namespace vec2midi::optim {

/// Kernel and noise parameters, in the GP's own units: inputs as given (the optimisers use [0, 1]^d),
/// outputs standardised (zero mean, unit variance at the last set_data()/fit()).
struct GpHyperparameters {
  std::vector<double> lengthscales;  ///< ℓ_k, one per input dimension
  double outputscale = 1.0;          ///< s², the prior variance of f
  double noise = 1e-2;               ///< σ_n², the observation noise variance
};

/// How fit() maximises the log marginal likelihood.
struct GpFitOptions {
  int64_t n_steps = 50;           ///< Adam steps on (log ℓ, log s², log σ_n²)
  double learning_rate = 0.05;    ///< Adam step size (log units)
  int64_t max_points = 400;       ///< fit on the most recent points only when there are more (LML costs O(n³))
  double min_noise = 1e-6;        ///< lower bound of σ_n² (standardised units)
  double min_lengthscale = 1e-2;  ///< bounds of ℓ (input units)
  double max_lengthscale = 1e3;
};

/// The LML and its gradient in the log-hyperparameters (log ℓ_1..log ℓ_d, log s², log σ_n², in that order).
struct LmlValue {
  double value = 0.0;
  Eigen::VectorXd gradient;  ///< [d + 2]
};

/// The log marginal likelihood of standardised targets y [n] at inputs x [n, d]:
/// -½ yᵀ(K + σ_n² I)⁻¹y - Σ log diag(L) - n/2 log 2π with K = matern52(x, x), and its gradient
/// ½ tr((ααᵀ - (K + σ_n² I)⁻¹) ∂K/∂θ) in θ = (log ℓ, log s², log σ_n²). Throws Error if the matrix is not
/// positive definite.
LmlValue log_marginal_likelihood(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const GpHyperparameters& hyper);

/// Hyperparameters that maximise the log marginal likelihood of the last options.max_points of x [n, d], y [n]
/// (y standardised over those points), by Adam from `start`; and that subset's LML at the end of the ascent.
struct GpFit {
  GpHyperparameters hyperparameters;
  double lml = 0.0;
};
GpFit fit_hyperparameters(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const GpHyperparameters& start,
                          const GpFitOptions& options);

/// Posterior of f at test points.
struct GpPosterior {
  Eigen::VectorXd mean;      ///< [m], in the units of y
  Eigen::VectorXd variance;  ///< [m], of the latent f (noise excluded), >= 1e-12
};

/// Posterior of f at test points with its gradients in the test points (rows).
struct GpPosteriorGradient {
  GpPosterior posterior;
  Eigen::MatrixXd mean_gradient;      ///< [m, d]: ∂mean_i / ∂xs_i
  Eigen::MatrixXd variance_gradient;  ///< [m, d]: ∂variance_i / ∂xs_i (0 where the variance is clamped)
};

/// A GP conditioned on observations; add_observation() extends the Cholesky factor in O(n²).
class GaussianProcess {
 public:
  /// Default hyperparameters: ℓ_k = ½√d (about one unit of scaled distance across [0, 1]^d), s² = 1, σ_n² = 0.01.
  explicit GaussianProcess(int64_t n_dims);

  int64_t n_dims() const { return n_dims_; }
  int64_t size() const { return n_; }
  const GpHyperparameters& hyperparameters() const { return hyper_; }
  /// Sets the hyperparameters and refactors the data (O(n³)). Throws InputError on a size mismatch.
  void set_hyperparameters(const GpHyperparameters& hyper);

  /// Replaces the data (x [n, d], y [n]), re-standardises y and factors (O(n³)).
  void set_data(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);
  /// Appends one observation (x [d]) keeping the hyperparameters and the standardisation: the
  /// Cholesky factor grows by one row in O(n²) (Rasmussen & Williams 2006, A.4 block form).
  void add_observation(const Eigen::VectorXd& x, double y);
  /// Appends q observations (x [q, d], y [q]) at once: the same posterior as q add_observation() calls up to
  /// rounding, with one triangular solve of q columns (one pass over the factor) instead of q.
  void add_observations(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

  /// Maximises the log marginal likelihood over the hyperparameters on the last options.max_points points
  /// (starting from the current values), then re-standardises and refactors all data. Returns that subset's
  /// LML at the end of the ascent.
  double fit(const GpFitOptions& options = {});

  /// A GP on x [n, d], y [n] with the hyperparameters fit() would reach from `start`, factored once: the same GP
  /// as set_data() then fit() on a GP holding `start`, without factoring at `start` first (a refit of a copy of
  /// the data, e.g. in another thread).
  static GaussianProcess refitted(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const GpHyperparameters& start,
                                  const GpFitOptions& options = {});

  /// The LML of all data with the current hyperparameters (standardised targets).
  double log_marginal_likelihood() const;

  /// Posterior at xs [m, d].
  GpPosterior predict(const Eigen::MatrixXd& xs) const;
  /// Posterior at xs [m, d] and its gradients in each row of xs (two triangular solves with m columns).
  GpPosteriorGradient predict_with_gradient(const Eigen::MatrixXd& xs) const;
  /// The gradient of the posterior mean in each row of xs [m, d] (y units per input unit): O(m n d), no
  /// triangular solve.
  Eigen::MatrixXd mean_gradient(const Eigen::MatrixXd& xs) const;

  /// `n_samples` joint draws of f at xs [m, d] from the posterior ([n_samples, m], y units), with
  /// normals from io::fill_standard_normal(gen) (Thompson sampling).
  Eigen::MatrixXd sample_joint(const Eigen::MatrixXd& xs, int64_t n_samples, std::mt19937_64& gen) const;

  /// Views of the observed inputs [n, d] and targets [n] (targets in original units); valid until the next
  /// add_observation or set_data.
  Eigen::Block<const Eigen::MatrixXd> inputs() const { return x_.topRows(n_); }
  Eigen::VectorBlock<const Eigen::VectorXd> targets() const { return y_.head(n_); }

 private:
  void refactor();
  /// Storage for at least n observations.
  void reserve(Eigen::Index n);
  Eigen::VectorXd lengthscales() const;
  Eigen::VectorXd standardised_targets() const;
  /// Squared scaled distances of test points xs [m, d] to the data [m, n]; throws on a wrong width or no data.
  Eigen::MatrixXd test_distances(const Eigen::MatrixXd& xs) const;
  void solve_alpha();
  /// Σ_j c_j ∂k(x, X_j)/∂x at each test point x (rows of xs [m, d]), given cg [m, n] = c ∘ g (the kernel's
  /// radial factor g times the weights c per test point): [m, d].
  Eigen::MatrixXd weighted_kernel_gradient(const Eigen::MatrixXd& xs, const Eigen::MatrixXd& cg) const;

  int64_t n_dims_;
  GpHyperparameters hyper_;
  int64_t n_ = 0;
  // Storage with room to grow (rows/columns beyond n_ unused), so that add_observation() copies nothing.
  Eigen::MatrixXd x_;     // [capacity, d]
  Eigen::VectorXd y_;     // [capacity], original units
  Eigen::MatrixXd chol_;  // [capacity, capacity]; its top-left n × n is the lower Cholesky factor of K + σ_n² I
  double y_mean_ = 0.0;   // standardisation of y
  double y_std_ = 1.0;
  Eigen::VectorXd alpha_;  // [n] (K + σ_n² I)⁻¹ (y - mean) / std
};

}  // namespace vec2midi::optim
