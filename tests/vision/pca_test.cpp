#include "vision/pca.hpp"

#include <gtest/gtest.h>

namespace vec2midi::vision {
namespace {

TEST(Pca, FindsTheDirectionOfLargestSpread) {
  torch::manual_seed(1);
  const auto t = torch::randn({200, 1}) * 5;
  const auto direction = torch::tensor({1.0f, 1.0f, 0.0f}) / std::sqrt(2.0f);
  const auto points = t * direction + torch::randn({200, 3}) * 0.1 + torch::tensor({3.0f, -2.0f, 7.0f});
  const auto pca = fit_pca(points, 3);
  EXPECT_NEAR(std::abs(pca.components[0].dot(direction).item<float>()), 1.0f, 1e-3);
  EXPECT_GT(pca.explained_ratio[0].item<float>(), 0.99f);
}

TEST(Pca, ComponentsAreOrthonormal) {
  torch::manual_seed(2);
  const auto pca = fit_pca(torch::randn({50, 9}), 3);
  EXPECT_TRUE(torch::allclose(pca.components.matmul(pca.components.t()), torch::eye(3), 1e-4, 1e-4));
}

TEST(Pca, ProjectionIsCentred) {
  torch::manual_seed(3);
  const auto points = torch::randn({40, 5}) + 10;
  const auto xyz = project(fit_pca(points, 3), points);
  EXPECT_EQ(xyz.sizes(), (std::vector<int64_t>{40, 3}));
  EXPECT_TRUE(torch::allclose(xyz.mean(0), torch::zeros({3}), 1e-4, 1e-4));
}

TEST(Pca, MoreComponentsThanDimensionsArePaddedWithZeros) {
  const auto pca = fit_pca(torch::tensor({0.0f, 1.0f, 2.0f, 4.0f}).reshape({2, 2}), 3);
  EXPECT_EQ(pca.components[2].abs().sum().item<float>(), 0.0f);
}

TEST(Pca, SignIsFixed) {
  torch::manual_seed(4);
  const auto points = torch::randn({30, 4});
  const auto a = fit_pca(points, 2), b = fit_pca(points * 1.0, 2);
  EXPECT_TRUE(torch::allclose(a.components, b.components));
  for (int64_t k = 0; k < 2; ++k) {
    const auto row = a.components[k];
    EXPECT_GT(row[row.abs().argmax()].item<float>(), 0.0f);
  }
}

}  // namespace
}  // namespace vec2midi::vision
