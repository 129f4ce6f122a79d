// A round of GP-BO candidates from one acquisition screening, by local penalisation (González, Dai, Hennig &
// Lawrence 2016, "Batch Bayesian optimization via local penalization", AISTATS): each point of the round is the
// candidate that maximises the acquisition times one penaliser per point chosen before it or still being
// evaluated. For a loss with Lipschitz constant L and minimum M, the loss at x_j rules out a ball around x_j of
// radius r_j = |μ_j - M| / L (GPyOpt's form: the absolute value keeps a ball around a point predicted below the
// best); under the GP at x_j the penaliser is the probability that x lies outside it,
//   φ(x; x_j) = Φ((‖x - x_j‖ - r_j) / s_j),  s_j = σ_j / L.
// The acquisition is made positive by a softplus of its standardised value (GPyOpt's transform). Everything is
// added in log space. Pure functions; the GP's part (screening, the Lipschitz estimate) is in gp_bo.cpp.
// Usage: std::vector<Eigen::Index> rows = select_penalised(pool, busy, lipschitz, best_loss, 8);
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

namespace vec2midi::optim {

/// Candidates with the GP's posterior and their acquisition, transformed: log softplus(standardised value).
struct ScreenedPoints {
  Eigen::MatrixXd x;          ///< [m, d]
  Eigen::VectorXd mean;       ///< [m] posterior mean (loss units)
  Eigen::VectorXd variance;   ///< [m] posterior variance of f
  Eigen::VectorXd log_value;  ///< [m] log of the positive acquisition
};

/// A point whose neighbourhood is penalised: chosen for the round, or asked before and not yet told.
struct PenaltyCentre {
  Eigen::RowVectorXd x;   ///< [d]
  double mean = 0.0;      ///< posterior mean there (loss units)
  double variance = 0.0;  ///< posterior variance there
};

/// log Φ(z) of the standard normal, accurate far into the lower tail (no underflow to -inf).
double log_normal_cdf(double z);

/// log(softplus(a)) = log(log(1 + e^a)), finite for every finite a.
double log_softplus(double a);

/// log φ(x; centre) for every row of `points` [m, d]; `lipschitz` > 0, `best` = M, the lowest loss seen.
Eigen::VectorXd log_penaliser(const Eigen::MatrixXd& points, const PenaltyCentre& centre, double lipschitz, double best);

/// n rows of `pool` chosen greedily: each maximises log_value + Σ log φ over `busy` and the rows chosen before
/// it; a row within `min_separation` of a chosen row or a busy centre is never chosen. Fewer than n when the pool
/// runs out.
std::vector<Eigen::Index> select_penalised(const ScreenedPoints& pool, const std::vector<PenaltyCentre>& busy,
                                           double lipschitz, double best, int64_t n, double min_separation = 1e-9);

}  // namespace vec2midi::optim
