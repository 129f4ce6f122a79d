#include "vision/logistic_regression.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace vec2midi::vision {
namespace {

/// Three Gaussian blobs in 4-d, centres 4 apart (nearly separable), n per class.
std::pair<torch::Tensor, torch::Tensor> blobs(int64_t n, uint64_t seed) {
  torch::manual_seed(seed);
  const auto centres = torch::tensor({{0.0, 0.0, 4.0, 0.0}, {4.0, 0.0, 0.0, 0.0}, {0.0, 4.0, 0.0, 1.0}}, torch::kFloat64);
  const auto labels = torch::arange(3, torch::kInt64).repeat_interleave(n);
  return {centres.index_select(0, labels) + torch::randn({3 * n, 4}, torch::kFloat64), labels};
}

double penalised_loss(const LogisticModel& m, const torch::Tensor& x, const torch::Tensor& y, double l2, const torch::Tensor& dw) {
  const auto z = (x - m.mean) / m.scale;
  return (torch::nn::functional::cross_entropy(z.matmul(m.weight + dw) + m.bias, y) + l2 * (m.weight + dw).pow(2).sum())
      .item<double>();
}

TEST(LogisticRegression, ClassifiesHeldOutBlobs) {
  const auto [x, y] = blobs(100, 1);
  const auto [xt, yt] = blobs(100, 2);
  const auto m = fit_logistic(x, y, 3, {});
  EXPECT_GT(predict_logistic(m, xt).eq(yt).to(torch::kFloat64).mean().item<double>(), 0.95);
}

TEST(LogisticRegression, TheFitIsAMinimumOfThePenalisedLoss) {
  const auto [x, y] = blobs(50, 3);
  const LogisticOptions options{.l2 = 1e-2};
  const auto m = fit_logistic(x, y, 3, options);
  const double at = penalised_loss(m, x, y, options.l2, torch::zeros_like(m.weight));
  torch::manual_seed(4);
  for (int i = 0; i < 20; ++i) {
    EXPECT_LE(at, penalised_loss(m, x, y, options.l2, 1e-3 * torch::randn_like(m.weight)) + 1e-12);
  }
}

TEST(LogisticRegression, AStrongerPenaltyGivesSmallerWeights) {
  const auto [x, y] = blobs(50, 5);
  const auto loose = fit_logistic(x, y, 3, {.l2 = 1e-4});
  const auto tight = fit_logistic(x, y, 3, {.l2 = 1e-1});
  EXPECT_LT(tight.weight.norm().item<double>(), loose.weight.norm().item<double>());
}

TEST(LogisticRegression, AConstantFeatureIsHarmless) {
  auto [x, y] = blobs(30, 6);
  x.select(1, 3).fill_(7.0);
  const auto m = fit_logistic(x, y, 3, {});
  EXPECT_TRUE(torch::isfinite(logistic_scores(m, x)).all().item<bool>());
}

TEST(LogisticRegression, RefusesBadShapesAndLabels) {
  const auto x = torch::zeros({4, 2}, torch::kFloat64);
  EXPECT_THROW(fit_logistic(x, torch::zeros({3}, torch::kInt64), 2, {}), InputError);
  EXPECT_THROW(fit_logistic(x, torch::full({4}, 2, torch::kInt64), 2, {}), InputError);
  EXPECT_THROW(fit_logistic(torch::zeros({0, 2}), torch::zeros({0}, torch::kInt64), 2, {}), InputError);
}

}  // namespace
}  // namespace vec2midi::vision
