#include "optim/lbfgs.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <utility>
#include <vector>

namespace vec2midi::optim {

namespace {

/// The minimiser of the cubic through (a, f_a) and (b, f_b) with slopes g_a and g_b, clamped to [lo, hi]; their
/// midpoint if the cubic has no minimum (N&W eq. 3.59).
double cubic_minimum(double a, double f_a, double g_a, double b, double f_b, double g_b, double lo, double hi) {
  const double d1 = g_a + g_b - 3 * (f_a - f_b) / (a - b);
  const double d2_squared = d1 * d1 - g_a * g_b;
  if (d2_squared < 0) return (lo + hi) / 2;
  const double d2 = std::sqrt(d2_squared);
  const double t = a <= b ? b - (b - a) * ((g_b + d2 - d1) / (g_b - g_a + 2 * d2))
                          : a - (a - b) * ((g_a + d2 - d1) / (g_a - g_b + 2 * d2));
  return std::clamp(t, lo, hi);
}

/// A point along the search line: step t, objective f, gradient g and slope gtd = g·d.
struct LinePoint {
  double t = 0, f = 0;
  Eigen::VectorXd g;
  double gtd = 0;
};

struct LineSearch {
  LinePoint accepted;
  int64_t n_evaluations = 0;
};

/// A step along `d` from `x` (at `start`, step 0) that satisfies the strong Wolfe conditions (N&W Alg. 3.5), or
/// the best point found within options.max_line_search evaluations; `t` is the first step tried.
LineSearch strong_wolfe(const LbfgsObjective& objective, const Eigen::VectorXd& x, const Eigen::VectorXd& d,
                        const LinePoint& start, double t, const LbfgsOptions& options) {
  LineSearch result;
  const double d_norm = d.cwiseAbs().maxCoeff();
  const auto evaluate = [&](double step) {
    LinePoint p{.t = step, .f = 0, .g = Eigen::VectorXd(), .gtd = 0};
    p.f = objective(x + step * d, p.g);
    p.gtd = p.g.dot(d);
    ++result.n_evaluations;
    return p;
  };
  const auto sufficient_decrease = [&](const LinePoint& p) { return p.f <= start.f + options.c1 * p.t * start.gtd; };
  const auto curvature = [&](const LinePoint& p) { return std::abs(p.gtd) <= -options.c2 * start.gtd; };

  // Bracketing: grow the step until it overshoots (then zoom into [previous, current]) or is acceptable.
  LinePoint previous = start, current = evaluate(t);
  bool found = false, bracketed = false;
  while (true) {
    if (!sufficient_decrease(current) || (result.n_evaluations > 1 && current.f >= previous.f)) {
      bracketed = true;
    } else if (curvature(current)) {
      found = true;
    } else if (current.gtd >= 0) {
      bracketed = true;
    }
    if (found || bracketed || result.n_evaluations >= options.max_line_search) break;
    const double next = cubic_minimum(previous.t, previous.f, previous.gtd, current.t, current.f, current.gtd,
                                      current.t + 0.01 * (current.t - previous.t), 10 * current.t);
    previous = std::move(current);
    current = evaluate(next);
  }
  if (found) {
    result.accepted = std::move(current);
    return result;
  }
  // (low, high), low with the smaller objective; out of evaluations unbracketed: the better of the start and the last.
  std::pair<LinePoint, LinePoint> bracket{bracketed ? std::move(previous) : start, std::move(current)};
  if (bracket.second.f < bracket.first.f) std::swap(bracket.first, bracket.second);

  // Zoom (N&W Alg. 3.6): shrink the bracket around a point that satisfies both conditions.
  bool little_progress = false;
  while (result.n_evaluations < options.max_line_search) {
    auto& [low, high] = bracket;
    const double lo = std::min(low.t, high.t), hi = std::max(low.t, high.t);
    if ((hi - lo) * d_norm < options.tolerance_change) break;
    double step = cubic_minimum(low.t, low.f, low.gtd, high.t, high.f, high.gtd, lo, hi);
    // Safeguard: a trial within 10 % of the bracket's width from an end moves away from that end (minFunc).
    const double margin = 0.1 * (hi - lo);
    if (std::min(hi - step, step - lo) < margin) {
      if (little_progress || step >= hi || step <= lo) {
        step = std::abs(step - hi) < std::abs(step - lo) ? hi - margin : lo + margin;
        little_progress = false;
      } else {
        little_progress = true;
      }
    } else {
      little_progress = false;
    }
    LinePoint trial = evaluate(step);
    if (!sufficient_decrease(trial) || trial.f >= low.f) {
      high = std::move(trial);
    } else {
      if (curvature(trial)) {
        result.accepted = std::move(trial);
        return result;
      }
      if (trial.gtd * (high.t - low.t) >= 0) high = low;
      low = std::move(trial);
    }
    if (high.f < low.f) std::swap(low, high);
  }
  result.accepted = std::move(bracket.first);
  return result;
}

/// The quasi-Newton direction -H·g by the two-loop recursion (N&W Alg. 7.4) over the stored pairs, oldest first,
/// with H0 = h0·I.
Eigen::VectorXd lbfgs_direction(const Eigen::VectorXd& g, const std::deque<std::pair<Eigen::VectorXd, Eigen::VectorXd>>& pairs,
                                double h0) {
  Eigen::VectorXd q = -g;
  std::vector<double> alpha(pairs.size()), rho(pairs.size());
  for (size_t k = pairs.size(); k-- > 0;) {
    const auto& [s, y] = pairs[k];
    rho[k] = 1.0 / y.dot(s);
    alpha[k] = rho[k] * s.dot(q);
    q -= alpha[k] * y;
  }
  Eigen::VectorXd r = h0 * q;
  for (size_t k = 0; k < pairs.size(); ++k) {
    const auto& [s, y] = pairs[k];
    const double beta = rho[k] * y.dot(r);
    r += (alpha[k] - beta) * s;
  }
  return r;
}

}  // namespace

LbfgsResult minimise_lbfgs(const LbfgsObjective& objective, Eigen::VectorXd start, const LbfgsOptions& options) {
  LbfgsResult r;
  r.x = std::move(start);
  Eigen::VectorXd g;
  r.value = objective(r.x, g);
  r.n_evaluations = 1;
  if (g.cwiseAbs().maxCoeff() <= options.tolerance_grad) return r;
  std::deque<std::pair<Eigen::VectorXd, Eigen::VectorXd>> pairs;  // (s, y): step and change of gradient
  Eigen::VectorXd d, previous_g;
  double t = 0, h0 = 1;
  while (r.n_iterations < options.max_iterations) {
    ++r.n_iterations;
    if (r.n_iterations == 1) {
      d = -g;
    } else {
      Eigen::VectorXd y = g - previous_g, s = t * d;
      const double ys = y.dot(s);
      if (ys > 1e-10) {  // keep only pairs that keep the estimate positive definite
        if (int64_t(pairs.size()) == options.history_size) pairs.pop_front();
        h0 = ys / y.squaredNorm();  // N&W eq. 7.20
        pairs.emplace_back(std::move(s), std::move(y));
      }
      d = lbfgs_direction(g, pairs, h0);
    }
    previous_g = g;
    const double previous_value = r.value;
    // The first step is scaled to move by at most 1 in the L1 norm; later ones try the quasi-Newton step 1.
    t = r.n_iterations == 1 ? std::min(1.0, 1.0 / g.cwiseAbs().sum()) : 1.0;
    const double gtd = g.dot(d);
    if (gtd > -options.tolerance_change) break;  // not a descent direction any more
    const LineSearch ls = strong_wolfe(objective, r.x, d, {.t = 0, .f = r.value, .g = g, .gtd = gtd}, t, options);
    t = ls.accepted.t;
    r.x += t * d;
    r.value = ls.accepted.f;
    g = ls.accepted.g;
    r.n_evaluations += ls.n_evaluations;
    if (r.n_evaluations >= options.max_evaluations) break;
    if (g.cwiseAbs().maxCoeff() <= options.tolerance_grad) break;
    if ((t * d).cwiseAbs().maxCoeff() <= options.tolerance_change) break;
    if (std::abs(r.value - previous_value) < options.tolerance_change) break;
  }
  return r;
}

}  // namespace vec2midi::optim
