#include "optim/acquisition.hpp"

#include <gtest/gtest.h>

namespace vec2midi::optim {
namespace {

TEST(NegativeLcb, IsMinusMeanPlusWeightTimesStd) {
  // μ = 1, σ = 2, w = 0.3: -(1 - 0.6) = -0.4; ∂/∂μ = -1, ∂/∂σ² = w / (2σ) = 0.075
  const AcquisitionValue a = negative_lcb(1.0, 4.0, 0.3);
  EXPECT_NEAR(a.value, -0.4, 1e-12);
  EXPECT_DOUBLE_EQ(a.d_mean, -1.0);
  EXPECT_NEAR(a.d_variance, 0.075, 1e-12);
}

TEST(ExpectedImprovement, MatchesTheClosedForm) {
  // best 2, μ 1, σ 2: u = 0.5, Φ(0.5) = 0.6914624613, φ(0.5) = 0.3520653268; EI = 1·Φ + 2·φ
  EXPECT_NEAR(expected_improvement(1.0, 4.0, 2.0).value, 0.6914624613 + 2 * 0.3520653268, 1e-9);
}

TEST(ExpectedImprovement, IsPositiveEvenFarAboveTheBest) {
  const double ei = expected_improvement(5.0, 1.0, 0.0).value;
  EXPECT_GT(ei, 0.0);
  EXPECT_LT(ei, 1e-5);
}

TEST(ExpectedImprovement, DerivativesMatchFiniteDifferences) {
  const double h = 1e-6;
  const AcquisitionValue a = expected_improvement(0.7, 0.3, 1.0, 0.05);
  const double fd_mean = (expected_improvement(0.7 + h, 0.3, 1.0, 0.05).value - expected_improvement(0.7 - h, 0.3, 1.0, 0.05).value) / (2 * h);
  const double fd_var = (expected_improvement(0.7, 0.3 + h, 1.0, 0.05).value - expected_improvement(0.7, 0.3 - h, 1.0, 0.05).value) / (2 * h);
  EXPECT_NEAR(a.d_mean, fd_mean, 1e-7);
  EXPECT_NEAR(a.d_variance, fd_var, 1e-7);
}

TEST(NegativeLcb, DerivativeInTheVarianceMatchesFiniteDifferences) {
  const double h = 1e-7;
  const double fd = (negative_lcb(0.2, 0.5 + h, 0.3).value - negative_lcb(0.2, 0.5 - h, 0.3).value) / (2 * h);
  EXPECT_NEAR(negative_lcb(0.2, 0.5, 0.3).d_variance, fd, 1e-7);
}

}  // namespace
}  // namespace vec2midi::optim
