#include "optim/local_penalisation.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "io/error.hpp"

namespace vec2midi::optim {
namespace {

TEST(LocalPenalisation, LogNormalCdfMatchesErfcAndStaysFiniteInTheTail) {
  for (double z : {-29.0, -4.9, -1.0, 0.0, 0.7, 3.0}) {
    EXPECT_NEAR(log_normal_cdf(z), std::log(0.5 * std::erfc(-z / std::sqrt(2.0))), 1e-12) << z;
  }
  // Both sides of the switch to the asymptotic series agree (relative error of Φ below 1e-7).
  EXPECT_NEAR(log_normal_cdf(-30.0 - 1e-9), std::log(0.5 * std::erfc(30.0 / std::sqrt(2.0))), 1e-7);
  // Φ(-40) ≈ 3.7e-350 underflows a double; its log is about -800 - log(40 √(2π)).
  const double far = log_normal_cdf(-40.0);
  EXPECT_TRUE(std::isfinite(far));
  EXPECT_NEAR(far, -800.0 - std::log(40.0 * std::sqrt(2.0 * M_PI)), 1e-3);
}

TEST(LocalPenalisation, LogSoftplusIsIncreasingAndFinite) {
  double previous = -1e300;
  for (double a = -60.0; a <= 60.0; a += 0.5) {
    const double v = log_softplus(a);
    EXPECT_TRUE(std::isfinite(v)) << a;
    EXPECT_GT(v, previous) << a;
    previous = v;
  }
  EXPECT_NEAR(log_softplus(0.0), std::log(std::log(2.0)), 1e-15);
  EXPECT_NEAR(log_softplus(40.0), std::log(40.0), 1e-12);
}

TEST(LocalPenalisation, PenaliserIsSmallInsideTheBallAndNearOneFarAway) {
  // μ_j - M = 1 and L = 10: the ball has radius 0.1; s_j = σ_j / L = 0.01.
  const PenaltyCentre centre{Eigen::RowVector2d(0.5, 0.5), 2.0, 1e-2};
  Eigen::MatrixXd points(3, 2);
  points << 0.5, 0.5,  // the centre: 10 spreads inside the ball
      0.6, 0.5,        // on the ball's edge: Φ(0) = ½
      0.9, 0.5;        // far outside
  const Eigen::VectorXd log_phi = log_penaliser(points, centre, 10.0, 1.0);
  EXPECT_LT(log_phi(0), -40.0);
  EXPECT_NEAR(log_phi(1), std::log(0.5), 1e-9);
  EXPECT_NEAR(log_phi(2), 0.0, 1e-12);
  EXPECT_THROW(log_penaliser(points, centre, 0.0, 1.0), InputError);
}

ScreenedPoints line_pool() {
  // Eleven points on a line; the acquisition peaks at 0.5 and falls off slowly.
  ScreenedPoints pool;
  pool.x.resize(11, 1);
  pool.mean.resize(11);
  pool.variance.setConstant(11, 1e-4);
  pool.log_value.resize(11);
  for (int i = 0; i < 11; ++i) {
    pool.x(i, 0) = i / 10.0;
    pool.mean(i) = 1.0 + std::abs(i - 5) * 0.1;
    pool.log_value(i) = -std::abs(i - 5) * 0.01;
  }
  return pool;
}

TEST(LocalPenalisation, TheRoundSpreadsInsteadOfTakingTheNextBestNeighbours) {
  const ScreenedPoints pool = line_pool();
  // Without penalisers the three best would be 5, 4, 6 (neighbours); with L = 1 each chosen point rules out a
  // ball of radius |μ - M| = 0.5 .. 1, so the round spreads to the ends of the line.
  const auto rows = select_penalised(pool, {}, 1.0, 0.5, 3);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], 5);
  for (size_t k = 1; k < rows.size(); ++k) EXPECT_GE(std::abs(rows[k] - 5), 4) << rows[k];
  EXPECT_NE(rows[1], rows[2]);
}

TEST(LocalPenalisation, BusyPointsAreAvoidedAndNeverRepeated) {
  const ScreenedPoints pool = line_pool();
  const PenaltyCentre busy{pool.x.row(5), pool.mean(5), pool.variance(5)};
  const auto rows = select_penalised(pool, {busy}, 1.0, 0.5, 11);
  EXPECT_EQ(rows.size(), 10u);  // every row but the busy one
  for (const Eigen::Index r : rows) EXPECT_NE(r, 5);
  EXPECT_GE(std::abs(rows[0] - 5), 4);  // the first choice keeps away from the busy point
}

TEST(LocalPenalisation, MismatchedPoolIsAnInputError) {
  ScreenedPoints pool = line_pool();
  pool.mean.resize(3);
  EXPECT_THROW(select_penalised(pool, {}, 1.0, 0.5, 2), InputError);
}

}  // namespace
}  // namespace vec2midi::optim
