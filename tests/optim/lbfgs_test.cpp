#include "optim/lbfgs.hpp"

#include <gtest/gtest.h>

namespace vec2midi::optim {
namespace {

TEST(Lbfgs, MinimisesAnIllConditionedQuadratic) {
  // f(x) = ½ (x - c)ᵀ A (x - c) with eigenvalues from 1 to 1000: the minimum is c, where f = 0.
  const Eigen::VectorXd diagonal = Eigen::VectorXd::LinSpaced(6, 1.0, 1000.0);
  Eigen::VectorXd centre(6);
  centre << 1, -2, 3, -4, 5, -6;
  const auto f = [&](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    g = diagonal.cwiseProduct(x - centre);
    return 0.5 * (x - centre).dot(g);
  };
  const LbfgsResult r = minimise_lbfgs(f, Eigen::VectorXd::Zero(6), {});
  EXPECT_LT((r.x - centre).cwiseAbs().maxCoeff(), 1e-6);
  EXPECT_LT(r.value, 1e-12);
  EXPECT_LT(r.n_iterations, 100);
}

TEST(Lbfgs, MinimisesRosenbrock) {
  // Rosenbrock (1960): f(x, y) = (1 - x)² + 100 (y - x²)², minimum 0 at (1, 1), from the classic start (-1.2, 1).
  const auto f = [](const Eigen::VectorXd& v, Eigen::VectorXd& g) {
    const double x = v(0), y = v(1);
    g.resize(2);
    g << -2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x);
    return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
  };
  Eigen::VectorXd start(2);
  start << -1.2, 1.0;
  const LbfgsResult r = minimise_lbfgs(f, start, {});
  EXPECT_NEAR(r.x(0), 1.0, 1e-6);
  EXPECT_NEAR(r.x(1), 1.0, 1e-6);
  EXPECT_LE(r.n_evaluations, LbfgsOptions{}.max_evaluations);
}

TEST(Lbfgs, StopsAtOnceWhereTheGradientVanishes) {
  int calls = 0;
  const auto f = [&](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    ++calls;
    g = 2 * x;
    return x.squaredNorm();
  };
  const LbfgsResult r = minimise_lbfgs(f, Eigen::VectorXd::Zero(3), {});
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(r.n_iterations, 0);
  EXPECT_TRUE(r.x.isZero(0));
}

TEST(Lbfgs, KeepsToTheIterationLimit) {
  const auto f = [](const Eigen::VectorXd& v, Eigen::VectorXd& g) {
    const double x = v(0), y = v(1);
    g.resize(2);
    g << -2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x);
    return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
  };
  Eigen::VectorXd start(2);
  start << -1.2, 1.0;
  EXPECT_EQ(minimise_lbfgs(f, start, {.max_iterations = 3}).n_iterations, 3);
}

}  // namespace
}  // namespace vec2midi::optim
