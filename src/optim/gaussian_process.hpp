// An exact Gaussian process regressor in libtorch (float64): Matérn-5/2 ARD kernel plus a noise term,
// hyperparameters by maximising the log marginal likelihood (Rasmussen & Williams 2006, eq. 2.30) with
// Adam on their logarithms, and an incremental Cholesky update (O(n²) per new point) between refits,
// which is what keeps GP-BO usable at 3,000+ observations.
// Usage: GaussianProcess gp(d); gp.set_data(x, y); gp.fit({}); auto post = gp.predict(xs);  // mean, variance
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include <torch/torch.h>

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

/// Posterior of f at test points.
struct GpPosterior {
  torch::Tensor mean;      ///< [m], in the units of y
  torch::Tensor variance;  ///< [m], of the latent f (noise excluded), >= 1e-12
};

/// The log marginal likelihood of standardised targets y [n] at inputs x [n, d] (float64):
/// -½ yᵀ(K + σ_n² I)⁻¹y - Σ log diag(L) - n/2 log 2π with K = matern52(x, x). Autograd-capable in the
/// log-parameters log_lengthscales [d], log_outputscale and log_noise (scalar tensors).
torch::Tensor log_marginal_likelihood(const torch::Tensor& x, const torch::Tensor& y, const torch::Tensor& log_lengthscales,
                                      const torch::Tensor& log_outputscale, const torch::Tensor& log_noise);

/// A GP conditioned on observations; add_observation() extends the Cholesky factor in O(n²).
class GaussianProcess {
 public:
  /// Default hyperparameters: ℓ_k = ½√d (about one unit of scaled distance across [0, 1]^d), s² = 1, σ_n² = 0.01.
  explicit GaussianProcess(int64_t n_dims);

  int64_t n_dims() const { return n_dims_; }
  int64_t size() const { return x_.defined() ? x_.size(0) : 0; }
  const GpHyperparameters& hyperparameters() const { return hyper_; }
  /// Sets the hyperparameters and refactors the data (O(n³)). Throws InputError on a size mismatch.
  void set_hyperparameters(const GpHyperparameters& hyper);

  /// Replaces the data (x [n, d], y [n]; converted to float64), re-standardises y and factors (O(n³)).
  void set_data(const torch::Tensor& x, const torch::Tensor& y);
  /// Appends one observation (x [d]) keeping the hyperparameters and the standardisation: the
  /// Cholesky factor grows by one row in O(n²) (Rasmussen & Williams 2006, A.4 block form).
  void add_observation(const torch::Tensor& x, double y);

  /// Maximises the log marginal likelihood over the hyperparameters on the last options.max_points points
  /// (starting from the current values), then re-standardises and refactors all data. Returns that subset's
  /// LML at the end of the ascent.
  double fit(const GpFitOptions& options = {});

  /// The LML of all data with the current hyperparameters (standardised targets).
  double log_marginal_likelihood() const;

  /// Posterior at xs [m, d] (float64; gradients flow to xs if it requires them).
  GpPosterior predict(const torch::Tensor& xs) const;

  /// The same posterior computed in float32 from float32 copies of the factor and data (made by the first
  /// call after a change, so a float64-only search never pays for them; not safe to call from two threads
  /// at once for that reason): half the memory traffic of predict(), for the many evaluations of an acquisition
  /// ascent. xs [m, d] any float type; returns float32 tensors. Agrees with predict() to about 1e-4 relative.
  GpPosterior predict_float32(const torch::Tensor& xs) const;

  /// `n_samples` joint draws of f at xs [m, d] from the posterior (float64 [n_samples, m], y units), with
  /// normals from fill_standard_normal(gen) (Thompson sampling).
  torch::Tensor sample_joint(const torch::Tensor& xs, int64_t n_samples, std::mt19937_64& gen) const;

  /// Observed inputs [n, d] and targets [n] (float64, targets in original units).
  const torch::Tensor& inputs() const { return x_; }
  const torch::Tensor& targets() const { return y_; }

 private:
  void refactor();
  void update_float32_copies() const;  // makes x32_ ... when x32_ is undefined
  /// predict() and predict_float32(): the posterior from these data, lengthscales, factor and weights.
  GpPosterior posterior(const torch::Tensor& xs, const torch::Tensor& x, const torch::Tensor& lengthscales,
                        const torch::Tensor& chol, const torch::Tensor& alpha) const;
  torch::Tensor lengthscales_tensor() const;

  int64_t n_dims_;
  GpHyperparameters hyper_;
  torch::Tensor x_;      // [n, d]
  torch::Tensor y_;      // [n], original units
  double y_mean_ = 0.0;  // standardisation of y
  double y_std_ = 1.0;
  torch::Tensor chol_;   // [n, n] lower Cholesky factor of K + σ_n² I
  torch::Tensor alpha_;  // [n] (K + σ_n² I)⁻¹ (y - mean) / std
  // float32 copies for predict_float32, made lazily (x32_ undefined = stale)
  mutable torch::Tensor x32_, chol32_, alpha32_, lengthscales32_;
};

}  // namespace vec2midi::optim
