// TuRBO-1, trust-region Bayesian optimisation (Eriksson et al. 2019, "Scalable Global Optimization via
// Local Bayesian Optimization", NeurIPS): a local GP inside a box around the best point, Thompson sampling
// on perturbed candidates, and a side length that doubles after `success_tolerance` successes in a row,
// halves after `failure_tolerance` failures in a row, and restarts the search when it falls below the minimum.
// Usage: Turbo opt(space, seed, {}); auto x = opt.ask(1); opt.tell(x, {f(x[0])});
#pragma once

#include <random>

#include "optim/gaussian_process.hpp"
#include "optim/optimizer.hpp"

namespace vec2midi::optim {

/// TuRBO settings; defaults from the paper (§2 and its reference code) unless noted.
struct TurboOptions {
  int64_t n_init = 0;              ///< Latin-hypercube points per (re)start; 0 = 2·d (paper's experiments)
  int64_t batch_size = 1;          ///< q, points per ask (the failure tolerance depends on it)
  double length_init = 0.8;        ///< initial side length L (unit box)
  double length_min = 0.0078125;   ///< 0.5^7: restart below this
  double length_max = 1.6;         ///< upper bound of L
  int64_t success_tolerance = 3;   ///< successes in a row that double L
  int64_t failure_tolerance = 0;   ///< failures in a row that halve L; 0 = ceil(max(4/q, d/q))
  int64_t n_candidates = 1000;     ///< Thompson-sampling candidates (paper: min(100·d, 5000); fewer here for speed)
  int64_t max_gp_points = 1000;    ///< the local GP uses the most recent points of the current start
  GpFitOptions fit{.n_steps = 30, .learning_rate = 0.05, .max_points = 400};  ///< per-iteration refit
};

/// The trust region's side length and its counters.
struct TrustRegion {
  double length = 0.8;
  int64_t n_successes = 0;
  int64_t n_failures = 0;
  bool restart = false;  ///< set when length fell below length_min
};

/// One update of the region after a batch (paper §2): success if the batch improved the best value by more
/// than 1e-3·|best|. succ/fail counters reset each other; succ == tolerance -> L = min(2L, L_max);
/// fail == tolerance -> L /= 2; L < L_min -> restart (with L back at length_init and counters 0).
TrustRegion update_trust_region(TrustRegion region, bool success, const TurboOptions& options, int64_t n_dims);

/// The failure tolerance used for `n_dims` dimensions: options.failure_tolerance, or ceil(max(4/q, d/q)).
int64_t failure_tolerance(const TurboOptions& options, int64_t n_dims);

/// TuRBO-1 on the unit box (outputs: raw losses).
class Turbo : public Optimizer {
 public:
  Turbo(SearchSpace space, uint64_t seed, TurboOptions options);
  std::string name() const override { return "turbo"; }
  int64_t preferred_batch() const override { return options_.batch_size; }
  std::vector<std::vector<double>> ask(int64_t n) override;
  void tell(const std::vector<std::vector<double>>& xs, const std::vector<double>& ys) override;
  nlohmann::json state() const override;
  void restore(const nlohmann::json& state, const std::vector<std::vector<double>>& xs,
               const std::vector<double>& ys) override;

  const TrustRegion& region() const { return region_; }

 private:
  std::vector<std::vector<double>> latin_hypercube(int64_t n);
  void tell_one_batch(const std::vector<std::vector<double>>& us, const std::vector<double>& ys);

  SearchSpace space_;
  TurboOptions options_;
  std::mt19937_64 gen_;
  TrustRegion region_;
  std::vector<std::vector<double>> x_;  // points of the current start (unit box)
  std::vector<double> y_;
  std::vector<std::vector<double>> init_queue_;  // Latin-hypercube points not yet asked
  int64_t n_told_ = 0;
  int64_t start_index_ = 0;  // history index where the current start began
  GpHyperparameters hyper_;  // warm start of the next fit
  bool have_hyper_ = false;
};

}  // namespace vec2midi::optim
