#include "optim/adam.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace vec2midi::optim {
namespace {

TEST(Adam, FirstTwoStepsFollowAlgorithmOne) {
  Adam adam(1, {.learning_rate = 0.1});
  Eigen::VectorXd p = Eigen::VectorXd::Constant(1, 1.0);
  adam.step(p, Eigen::VectorXd::Constant(1, 2.0));
  // m̂ = 2, v̂ = 4: the first step is the learning rate times the gradient's sign (less ε's share).
  const double first = 1.0 - 0.1 * 2.0 / (2.0 + 1e-8);
  EXPECT_NEAR(p(0), first, 1e-15);
  EXPECT_NEAR(p(0), 0.9, 1e-9);
  adam.step(p, Eigen::VectorXd::Constant(1, 1.0));
  // m = 0.9·0.2 + 0.1·1 = 0.28, v = 0.999·0.004 + 0.001·1 = 0.004996, bias corrections 0.19 and 0.001999.
  const double m_hat = 0.28 / 0.19, v_hat = 0.004996 / (1.0 - 0.999 * 0.999);
  EXPECT_NEAR(p(0), first - 0.1 * m_hat / (std::sqrt(v_hat) + 1e-8), 1e-12);
  EXPECT_EQ(adam.n_steps(), 2);
}

TEST(Adam, MinimisesAQuadraticBowl) {
  Adam adam(2, {.learning_rate = 0.05});
  Eigen::VectorXd p(2);
  p << 3.0, -2.0;
  const Eigen::Vector2d target(0.5, 1.5), scale(1.0, 10.0);
  for (int i = 0; i < 2000; ++i) adam.step(p, 2.0 * scale.cwiseProduct(p - target));
  EXPECT_NEAR(p(0), 0.5, 1e-3);
  EXPECT_NEAR(p(1), 1.5, 1e-3);
}

TEST(Adam, RefusesMismatchedSizesAndABadRate) {
  Adam adam(2, {.learning_rate = 0.1});
  Eigen::VectorXd p = Eigen::VectorXd::Zero(3);
  EXPECT_THROW(adam.step(p, Eigen::VectorXd::Zero(3)), Error);
  EXPECT_THROW(Adam(2, {.learning_rate = 0.0}), InputError);
}

}  // namespace
}  // namespace vec2midi::optim
