#include "optim/matern_kernel.hpp"

#include <cmath>

#include <Eigen/Eigenvalues>
#include <gtest/gtest.h>

namespace vec2midi::optim {
namespace {

// Matérn-5/2 written out for one pair of points (R&W 2006 eq. 4.17).
double matern(const Eigen::RowVectorXd& a, const Eigen::RowVectorXd& b, const Eigen::VectorXd& ell, double s2) {
  double r2 = 0.0;
  for (Eigen::Index k = 0; k < a.size(); ++k) r2 += std::pow((a(k) - b(k)) / ell(k), 2);
  const double r = std::sqrt(r2);
  return s2 * (1.0 + std::sqrt(5.0) * r + 5.0 * r2 / 3.0) * std::exp(-std::sqrt(5.0) * r);
}

Eigen::MatrixXd points(Eigen::Index n, Eigen::Index d, double phase) {
  Eigen::MatrixXd x(n, d);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index k = 0; k < d; ++k) x(i, k) = 0.5 + 0.5 * std::sin(phase + 1.7 * double(i) + 0.9 * double(k * k));
  }
  return x;
}

TEST(Matern52, EqualsTheFormulaPairByPair) {
  const Eigen::MatrixXd a = points(5, 3, 0.1), b = points(4, 3, 2.0);
  const Eigen::VectorXd ell = Eigen::Vector3d(0.3, 0.5, 2.0);
  const Eigen::MatrixXd k = matern52(a, b, ell, 1.7);
  ASSERT_EQ(k.rows(), 5);
  ASSERT_EQ(k.cols(), 4);
  for (Eigen::Index i = 0; i < 5; ++i) {
    for (Eigen::Index j = 0; j < 4; ++j) EXPECT_NEAR(k(i, j), matern(a.row(i), b.row(j), ell, 1.7), 1e-12);
  }
}

TEST(Matern52, IsSymmetricPositiveDefiniteWithOutputscaleOnTheDiagonal) {
  const Eigen::MatrixXd x = points(6, 3, 0.4);
  const Eigen::MatrixXd k = matern52(x, x, Eigen::Vector3d(0.3, 0.5, 2.0), 1.7);
  EXPECT_LT((k - k.transpose()).cwiseAbs().maxCoeff(), 1e-15);
  for (Eigen::Index i = 0; i < 6; ++i) EXPECT_NEAR(k(i, i), 1.7, 1e-12);
  EXPECT_GT(Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(k).eigenvalues().minCoeff(), 0.0);
}

TEST(Matern52, RadialFactorGivesTheGradientInThePoint) {
  const Eigen::RowVector2d x(0.2, 0.7), y(0.5, 0.1);
  const Eigen::Vector2d ell(0.4, 0.9);
  const MaternValues v = matern52_with_factor(scaled_squared_distances(x, y, ell), 1.3);
  EXPECT_NEAR(v.k(0, 0), matern(x, y, ell, 1.3), 1e-12);
  const double h = 1e-6;
  for (int k = 0; k < 2; ++k) {
    Eigen::RowVector2d xp = x, xm = x;
    xp(k) += h;
    xm(k) -= h;
    const double fd = (matern(xp, y, ell, 1.3) - matern(xm, y, ell, 1.3)) / (2 * h);
    EXPECT_NEAR(-v.g(0, 0) * (x(k) - y(k)) / (ell(k) * ell(k)), fd, 1e-8) << k;
  }
}

TEST(Matern52, RadialFactorAtZeroDistanceIsFinite) {
  const MaternValues v = matern52_with_factor(Eigen::MatrixXd::Zero(1, 1), 2.0);
  EXPECT_DOUBLE_EQ(v.k(0, 0), 2.0);
  EXPECT_DOUBLE_EQ(v.g(0, 0), 2.0 * 5.0 / 3.0);
}

}  // namespace
}  // namespace vec2midi::optim
