// Limited-memory BFGS on plain vectors: the minimiser of the colour baseline's logistic regression
// (vision/logistic_regression.hpp). The two-loop recursion of Nocedal & Wright (2006), Numerical Optimization, Alg. 7.4,
// with the strong-Wolfe line search of their Alg. 3.5 and 3.6 (bracketing, then zoom by safeguarded cubic
// interpolation, as in Schmidt's minFunc and PyTorch's LBFGS with line_search_fn "strong_wolfe", whose stopping
// rules and defaults these options repeat).
// Usage: auto r = minimise_lbfgs([](const Eigen::VectorXd& x, Eigen::VectorXd& g) { g = 2 * x; return x.squaredNorm(); },
//                                Eigen::VectorXd::Ones(3), {});  // r.x ≈ 0
#pragma once

#include <cstdint>
#include <functional>

#include <Eigen/Core>

namespace vec2midi::optim {

struct LbfgsOptions {
  int64_t max_iterations = 500;     ///< iterations (PyTorch's max_iter)
  int64_t max_evaluations = 625;    ///< objective evaluations, line searches included (PyTorch: 1.25 x max_iter)
  double tolerance_grad = 1e-9;     ///< stop when no gradient entry exceeds this in magnitude
  double tolerance_change = 1e-12;  ///< stop when a step's entries, or the change of the objective, are at most this
  int64_t history_size = 20;        ///< (s, y) pairs kept for the inverse-Hessian estimate
  double c1 = 1e-4;                 ///< sufficient decrease constant of the Wolfe conditions (N&W §3.1)
  double c2 = 0.9;                  ///< curvature constant of the strong Wolfe conditions (N&W: 0.9 for quasi-Newton)
  int64_t max_line_search = 25;     ///< objective evaluations per line search
};

/// The objective: its value at x, with its gradient written into `gradient` (resized by the callee if needed).
using LbfgsObjective = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd& gradient)>;

struct LbfgsResult {
  Eigen::VectorXd x;          ///< the last point accepted
  double value = 0;           ///< the objective there
  int64_t n_iterations = 0;   ///< iterations done
  int64_t n_evaluations = 0;  ///< objective evaluations
};

/// Minimises `objective` from `start`.
LbfgsResult minimise_lbfgs(const LbfgsObjective& objective, Eigen::VectorXd start, const LbfgsOptions& options);

}  // namespace vec2midi::optim
