#include "vision/pca.hpp"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include "io/error.hpp"

namespace vec2midi::vision {
namespace {

RowMatrix rows_of(const torch::Tensor& t) {
  const auto f = t.to(torch::kFloat32).contiguous();
  return Eigen::Map<const RowMatrix>(f.data_ptr<float>(), f.size(0), f.size(1));
}

TEST(Pca, FindsTheDirectionOfLargestSpread) {
  torch::manual_seed(1);
  const auto t = torch::randn({200, 1}) * 5;
  const auto direction = torch::tensor({1.0f, 1.0f, 0.0f}) / std::sqrt(2.0f);
  const auto points = t * direction + torch::randn({200, 3}) * 0.1 + torch::tensor({3.0f, -2.0f, 7.0f});
  const auto pca = fit_pca(rows_of(points), 3);
  const Eigen::Vector3f want(1.0f / std::sqrt(2.0f), 1.0f / std::sqrt(2.0f), 0.0f);
  EXPECT_NEAR(std::abs(pca.components.row(0).dot(want.transpose())), 1.0f, 1e-3);
  EXPECT_GT(pca.explained_ratio(0), 0.99f);
}

TEST(Pca, MatchesTheEigenvectorsOfLibtorchsCovariance) {
  // Reference: torch::linalg_eigh of the sample covariance, largest eigenvalue first, each sign-fixed.
  torch::manual_seed(5);
  const auto points = torch::randn({80, 5}) * torch::tensor({3.0f, 2.0f, 1.5f, 1.0f, 0.5f});
  const auto x = points.to(torch::kFloat64);
  const auto centred = x - x.mean(0);
  const auto [values, vectors] = torch::linalg_eigh(centred.t().matmul(centred) / 79.0, "L");
  const auto pca = fit_pca(rows_of(points), 3);
  for (int64_t k = 0; k < 3; ++k) {
    auto v = vectors.select(1, 4 - k);
    v = v * v[v.abs().argmax()].sign();
    for (int64_t j = 0; j < 5; ++j) EXPECT_NEAR(pca.components(k, j), v[j].item<double>(), 1e-5) << k << ", " << j;
    EXPECT_NEAR(pca.explained_ratio(k), (values[4 - k] / values.sum()).item<double>(), 1e-6);
  }
}

TEST(Pca, ComponentsAreOrthonormal) {
  torch::manual_seed(2);
  const auto pca = fit_pca(rows_of(torch::randn({50, 9})), 3);
  EXPECT_TRUE((pca.components * pca.components.transpose()).isApprox(Eigen::Matrix3f::Identity(), 1e-4f));
}

TEST(Pca, ProjectionIsCentred) {
  torch::manual_seed(3);
  const RowMatrix points = rows_of(torch::randn({40, 5}) + 10);
  const RowMatrix xyz = project(fit_pca(points, 3), points);
  EXPECT_EQ(xyz.rows(), 40);
  EXPECT_EQ(xyz.cols(), 3);
  EXPECT_LT(xyz.colwise().mean().cwiseAbs().maxCoeff(), 1e-4f);
}

TEST(Pca, MoreComponentsThanDimensionsArePaddedWithZeros) {
  RowMatrix points(2, 2);
  points << 0.0f, 1.0f, 2.0f, 4.0f;
  const auto pca = fit_pca(points, 3);
  EXPECT_EQ(pca.components.rows(), 3);
  EXPECT_EQ(pca.components.row(2).cwiseAbs().sum(), 0.0f);
  EXPECT_EQ(pca.explained_ratio(2), 0.0f);
}

TEST(Pca, SignIsFixed) {
  torch::manual_seed(4);
  const RowMatrix points = rows_of(torch::randn({30, 4}));
  const auto a = fit_pca(points, 2), b = fit_pca(-points, 2);
  EXPECT_TRUE(a.components.isApprox(b.components, 1e-5f));
  for (Eigen::Index k = 0; k < 2; ++k) {
    Eigen::Index largest = 0;
    a.components.row(k).cwiseAbs().maxCoeff(&largest);
    EXPECT_GT(a.components(k, largest), 0.0f);
  }
}

TEST(Pca, NeedsTwoPoints) { EXPECT_THROW(fit_pca(RowMatrix::Zero(1, 3), 2), InputError); }

}  // namespace
}  // namespace vec2midi::vision
