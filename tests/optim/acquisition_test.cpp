#include "optim/acquisition.hpp"

#include <gtest/gtest.h>

namespace vec2midi::optim {
namespace {

const auto kF64 = torch::TensorOptions().dtype(torch::kFloat64);

TEST(NegativeLcb, IsMinusMeanPlusWeightTimesStd) {
  // μ = 1, σ = 2, w = 0.3: -(1 - 0.6) = -0.4
  EXPECT_NEAR(negative_lcb(torch::tensor({1.0}, kF64), torch::tensor({4.0}, kF64), 0.3).item<double>(), -0.4, 1e-12);
}

TEST(ExpectedImprovement, MatchesTheClosedForm) {
  // best 2, μ 1, σ 2: u = 0.5, Φ(0.5) = 0.6914624613, φ(0.5) = 0.3520653268; EI = 1·Φ + 2·φ
  const double ei = expected_improvement(torch::tensor({1.0}, kF64), torch::tensor({4.0}, kF64), 2.0).item<double>();
  EXPECT_NEAR(ei, 0.6914624613 + 2 * 0.3520653268, 1e-9);
}

TEST(ExpectedImprovement, IsPositiveEvenFarAboveTheBest) {
  const double ei = expected_improvement(torch::tensor({5.0}, kF64), torch::tensor({1.0}, kF64), 0.0).item<double>();
  EXPECT_GT(ei, 0.0);
  EXPECT_LT(ei, 1e-5);
}

TEST(ExpectedImprovement, GradientMatchesFiniteDifferences) {
  const torch::Tensor mean = torch::tensor({0.7}, kF64).requires_grad_(true);
  const torch::Tensor var = torch::tensor({0.3}, kF64);
  expected_improvement(mean, var, 1.0).sum().backward();
  const double h = 1e-6;
  const double fd = (expected_improvement(torch::tensor({0.7 + h}, kF64), var, 1.0).item<double>() -
                     expected_improvement(torch::tensor({0.7 - h}, kF64), var, 1.0).item<double>()) / (2 * h);
  EXPECT_NEAR(mean.grad().item<double>(), fd, 1e-7);
}

}  // namespace
}  // namespace vec2midi::optim
