#include "optim/local_penalisation.hpp"

#include <cmath>
#include <limits>

#include "io/error.hpp"

namespace vec2midi::optim {

double log_normal_cdf(double z) {
  if (z > -30.0) return std::log(0.5 * std::erfc(-z / std::sqrt(2.0)));  // erfc is a normal number down to here
  // Lower tail: Φ(z) = φ(z)/(-z) · (1 - 1/z² + 3/z⁴ - ...) (the asymptotic series, 3 terms: relative error about
  // 15/z⁶ < 2e-8 here).
  const double z2 = z * z;
  return -0.5 * z2 - std::log(-z * std::sqrt(2.0 * M_PI)) + std::log1p(-1.0 / z2 + 3.0 / (z2 * z2));
}

double log_softplus(double a) {
  if (a > 30.0) return std::log(a + std::log1p(std::exp(-a)));  // softplus(a) = a + log(1 + e^-a)
  if (a < -30.0) return a;                                      // softplus(a) = e^a (1 - e^a / 2 ...)
  return std::log(std::log1p(std::exp(a)));
}

Eigen::VectorXd log_penaliser(const Eigen::MatrixXd& points, const PenaltyCentre& centre, double lipschitz, double best) {
  if (!(lipschitz > 0.0)) throw InputError("local penalisation: the Lipschitz constant must be > 0");
  const double radius = std::max(std::abs(centre.mean - best) / lipschitz, 1e-10);
  const double spread = std::max(std::sqrt(std::max(centre.variance, 0.0)) / lipschitz, 1e-10);
  const Eigen::VectorXd distance = (points.rowwise() - centre.x).rowwise().norm();
  Eigen::VectorXd out(points.rows());
  for (Eigen::Index i = 0; i < out.size(); ++i) out(i) = log_normal_cdf((distance(i) - radius) / spread);
  return out;
}

std::vector<Eigen::Index> select_penalised(const ScreenedPoints& pool, const std::vector<PenaltyCentre>& busy,
                                           double lipschitz, double best, int64_t n, double min_separation) {
  const Eigen::Index m = pool.x.rows();
  if (pool.log_value.size() != m || pool.mean.size() != m || pool.variance.size() != m) {
    throw InputError("local penalisation: the pool's points, posterior and values differ in length");
  }
  Eigen::VectorXd score = pool.log_value;
  const double excluded = -std::numeric_limits<double>::infinity();
  auto penalise = [&](const PenaltyCentre& centre) {
    score += log_penaliser(pool.x, centre, lipschitz, best);
    const Eigen::VectorXd distance = (pool.x.rowwise() - centre.x).rowwise().norm();
    for (Eigen::Index i = 0; i < m; ++i) {
      if (distance(i) <= min_separation) score(i) = excluded;
    }
  };
  for (const PenaltyCentre& centre : busy) penalise(centre);
  std::vector<Eigen::Index> chosen;
  while (static_cast<int64_t>(chosen.size()) < n) {
    Eigen::Index best_row = 0;
    if (m == 0 || score.maxCoeff(&best_row) == excluded) break;  // maxCoeff: the first of equal maxima
    chosen.push_back(best_row);
    penalise({pool.x.row(best_row), pool.mean(best_row), pool.variance(best_row)});
  }
  return chosen;
}

}  // namespace vec2midi::optim
