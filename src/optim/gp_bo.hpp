// Gaussian-process Bayesian optimisation as the original ran it (MISSION.md §5): a random phase of 2,048
// uniform points, then a GP started from the best 100 of them, LCB with weight 0.3 (or EI), one new point
// per iteration — or q points per round (ask(q)), for evaluations run at once: by local penalisation (one
// acquisition screening per round, local_penalisation.hpp) or the Kriging believer (one per point). Points asked
// and not yet told are pending: a later ask() keeps away from them, so the next round can be asked while this one
// is evaluated. Exact GP (gaussian_process.hpp); between hyperparameter refits every `refit_every` iterations the
// Cholesky factor grows incrementally (O(n²) per point, one pass over it per told batch), so an iteration stays
// cheap at 3,000 points; a refit runs at once or in a thread of its own, used `refit_lag` tells later
// (gp_bo_refit.cpp).
// Usage: GpBo opt(space, seed, {}); for (...) { auto x = opt.ask(1); opt.tell(x, {f(x[0])}); }
#pragma once

#include <memory>
#include <optional>
#include <random>
#include <string>

#include "optim/gaussian_process.hpp"
#include "optim/optimizer.hpp"

namespace vec2midi::optim {

/// GP-BO settings; defaults: the original's script (MISSION.md §5) where it says, else ours.
struct GpBoOptions {
  int64_t n_random = 2048;         ///< uniform points before the GP (§5: 4 · 512)
  int64_t n_start = 100;           ///< best random points the GP starts from (§5)
  std::string acquisition = "lcb"; ///< "lcb" (§5, GPyOpt) or "ei"
  double lcb_weight = 0.3;         ///< LCB exploration weight (§5: acquisition_par 0.3)
  double ei_xi = 0.0;              ///< EI improvement offset (loss units)
  int64_t refit_every = 50;        ///< iterations between hyperparameter refits (incremental Cholesky between)
  /// Tells between a refit's start and its use. 0: at once, inside the tell that reaches refit_every (the
  /// original's order). k > 0: the refit runs in a thread of its own on the data told so far and the GP takes its
  /// hyperparameters and factor at the start of the k-th tell after (waiting for it if need be), growing that
  /// factor by the points told since; the asks in between use the old ones. Deterministic either way.
  int64_t refit_lag = 0;
  GpFitOptions fit;                ///< LML ascent of a refit
  int64_t n_candidates = 256;      ///< random + local points scored before the ascent
  int64_t n_starts = 4;            ///< best candidates refined by gradient ascent
  int64_t n_ascent_steps = 20;     ///< Adam steps of the ascent (projected onto the box)
  double ascent_learning_rate = 0.02;  ///< Adam step size in unit-box coordinates
  double local_scale = 0.05;       ///< std of the candidates drawn around the best points (unit box)
  double min_distance = 1e-6;      ///< de-duplication (§5): a maximiser this close to a data point is replaced
  int64_t batch_size = 1;          ///< q, points per round; 1 as the original
  /// How a round of q > 1 points (or a point asked while others are pending) is chosen: "penalised" (local
  /// penalisation: one screening, then each point maximises the acquisition times penalisers around the points
  /// chosen or pending) or "believer" (Kriging believer: one maximisation per point, each on a GP told the
  /// posterior mean at the points before it). q = 1 with nothing pending is the original's single ask either way.
  std::string batch_acquisition = "penalised";
};

/// Scores `candidates` [m, d] by the acquisition (larger is better).
Eigen::VectorXd acquisition_values(const GaussianProcess& gp, const Eigen::MatrixXd& candidates, const GpBoOptions& options);

/// The acquisition at points [m, d] and its gradient in each point ([m, d]), chaining the acquisition's
/// derivatives in the posterior mean and variance with the GP's gradients.
struct AcquisitionGradient {
  Eigen::VectorXd values;    ///< [m]
  Eigen::MatrixXd gradient;  ///< [m, d]
};
AcquisitionGradient acquisition_gradient(const GaussianProcess& gp, const Eigen::MatrixXd& points, const GpBoOptions& options);

/// Candidates scored by the acquisition: max(n_candidates, n_starts, 4 · n_points) points (half uniform, half
/// Gaussian around the 5 best observations; n_points: the round's size, so that a large round has a pool to
/// choose from), their posterior and acquisition values.
struct AcquisitionScreening {
  Eigen::MatrixXd points;  ///< [m, d], unit box
  GpPosterior posterior;
  Eigen::VectorXd values;  ///< [m], larger is better
};
AcquisitionScreening screen_acquisition(const GaussianProcess& gp, const GpBoOptions& options, std::mt19937_64& gen,
                                        int64_t n_points = 1);

/// The n_starts best screened points refined by projected Adam ascent of the acquisition, by decreasing
/// acquisition [n_starts, d] (a start whose ascent ended lower keeps its screened point).
Eigen::MatrixXd refine_acquisition(const GaussianProcess& gp, const GpBoOptions& options, const AcquisitionScreening& screened);

/// Multi-start projected gradient ascent of the acquisition inside [0, 1]^d: scores n_candidates points
/// (uniform, and Gaussian around the 5 best observations), refines the n_starts best with Adam on the
/// written-out gradient, and returns the refined points [n_starts, d] by decreasing acquisition (a start whose
/// ascent ended lower keeps its screened point).
Eigen::MatrixXd maximise_acquisition(const GaussianProcess& gp, const GpBoOptions& options, std::mt19937_64& gen);

/// The GP-BO optimiser. Its GP lives in the unit box; outputs are the raw losses.
class GpBo : public Optimizer {
 public:
  GpBo(SearchSpace space, uint64_t seed, GpBoOptions options);
  std::string name() const override { return "bo"; }
  int64_t preferred_batch() const override { return options_.batch_size; }
  bool can_ask_ahead() const override { return true; }
  std::vector<std::vector<double>> ask(int64_t n) override;
  void tell(const std::vector<std::vector<double>>& xs, const std::vector<double>& ys) override;
  nlohmann::json state() const override;
  void restore(const nlohmann::json& state, const std::vector<std::vector<double>>& xs,
               const std::vector<double>& ys) override;

  /// The GP (empty during the random phase).
  const GaussianProcess& gp() const { return gp_; }
  /// Points asked and not yet told (unit box), in the order asked.
  const std::vector<std::vector<double>>& pending() const { return pending_; }

 private:
  void start_gp();
  /// n points from the GP (unit box), by the batch acquisition; pending points are kept away from.
  std::vector<std::vector<double>> ask_penalised(int64_t n);
  std::vector<std::vector<double>> ask_believer(int64_t n);
  /// u unchanged, or a uniform point if u lies on an observation of `model` (GPyOpt's de-duplication).
  std::vector<double> deduplicated(std::vector<double> u, const GaussianProcess& model);
  void forget_pending(const std::vector<double>& u);
  /// Refits now (refit_lag 0) or starts a background refit on the GP's data so far.
  void refit();
  /// Starts the background refit of the GP's first `from` points with its current hyperparameters.
  void start_refit(int64_t from, int64_t age, size_t blocks_before);
  /// Takes the background refit's GP, grown by the blocks told since it started.
  void apply_refit();
  /// Starts again the refit a checkpoint's state says was running ("refit": from, age, blocks_before).
  void restore_refit(const nlohmann::json& refit);

  SearchSpace space_;
  GpBoOptions options_;
  std::mt19937_64 gen_;
  GaussianProcess gp_;
  std::vector<std::vector<double>> random_x_;  // the random phase, unit box
  std::vector<double> random_y_;
  std::vector<std::vector<double>> pending_;   // asked, not told (unit box)
  std::vector<int64_t> blocks_;  // sizes of the blocks told to the GP since it was last factored (restore repeats them)
  int64_t n_told_ = 0;
  int64_t since_refit_ = 0;
  /// A refit running in the background (refit_lag > 0): on the GP's first `from` points, started `age` tells ago
  /// when blocks_ held `blocks_before` blocks. Copies of the optimiser share it.
  struct BackgroundRefit;
  struct PendingRefit {
    std::shared_ptr<BackgroundRefit> job;
    int64_t from = 0;
    int64_t age = 0;
    size_t blocks_before = 0;
  };
  std::optional<PendingRefit> refit_;
};

}  // namespace vec2midi::optim
