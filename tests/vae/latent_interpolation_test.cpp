#include "vae/latent_interpolation.hpp"

#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace vec2midi::vae {
namespace {

// Row k of a [n, Z] row-major path.
std::vector<float> row(const std::vector<float>& path, size_t z_size, size_t k) {
  return {path.begin() + std::ptrdiff_t(k * z_size), path.begin() + std::ptrdiff_t((k + 1) * z_size)};
}

double norm(const std::vector<float>& v) {
  double s = 0.0;
  for (float x : v) s += double(x) * x;
  return std::sqrt(s);
}

void expect_near(const std::vector<float>& a, const std::vector<float>& b, double tolerance) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], tolerance) << "element " << i;
}

TEST(LatentInterpolation, LerpHitsEndpointsAndMidpoint) {
  const std::vector<float> a = {1.0f, 2.0f}, b = {3.0f, -2.0f};
  const std::vector<float> path = lerp(a, b, 3);
  ASSERT_EQ(path.size(), 6u);
  expect_near(row(path, 2, 0), a, 1e-7);
  expect_near(row(path, 2, 1), {2.0f, 0.0f}, 1e-7);
  expect_near(row(path, 2, 2), b, 1e-7);
}

TEST(LatentInterpolation, SlerpOfOrthogonalUnitVectorsStaysOnTheCircle) {
  const std::vector<float> a = {1.0f, 0.0f}, b = {0.0f, 1.0f};
  const std::vector<float> path = slerp(a, b, 5);
  ASSERT_EQ(path.size(), 10u);
  for (size_t k = 0; k < 5; ++k) EXPECT_NEAR(norm(row(path, 2, k)), 1.0, 1e-6) << "point " << k;
  const double s = 1.0 / std::sqrt(2.0);
  expect_near(row(path, 2, 2), {float(s), float(s)}, 1e-6);
  // t = 1/4: angle π/8 from a.
  expect_near(row(path, 2, 1), {float(std::cos(M_PI / 8)), float(std::sin(M_PI / 8))}, 1e-6);
}

TEST(LatentInterpolation, SlerpHitsEndpointsAndKeepsTheNormOfEqualNorms) {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  std::vector<float> a(16), b(16);
  for (float& x : a) x = normal(rng);
  for (float& x : b) x = normal(rng);
  const double scale = norm(a) / norm(b);
  for (float& x : b) x = float(x * scale);  // |a| = |b|: every point of the arc has that norm
  const std::vector<float> path = slerp(a, b, 7);
  expect_near(row(path, 16, 0), a, 1e-5);
  expect_near(row(path, 16, 6), b, 1e-5);
  for (size_t k = 1; k < 6; ++k) EXPECT_NEAR(norm(row(path, 16, k)), norm(a), 1e-4) << "point " << k;
}

TEST(LatentInterpolation, SlerpOfParallelVectorsOrAZeroVectorIsLinear) {
  const std::vector<float> a = {1.0f, 1.0f}, b = {2.0f, 2.0f}, zero = {0.0f, 0.0f};
  expect_near(slerp(a, b, 4), lerp(a, b, 4), 1e-7);
  expect_near(slerp(zero, b, 4), lerp(zero, b, 4), 1e-7);
}

TEST(LatentInterpolation, RejectsMismatchedSizesEmptyVectorsAndTooFewPoints) {
  EXPECT_THROW(slerp(std::vector<float>(3), std::vector<float>(4), 3), InputError);
  EXPECT_THROW(lerp(std::vector<float>(3), std::vector<float>(3), 1), InputError);
  EXPECT_THROW(slerp(std::vector<float>{}, std::vector<float>{}, 3), InputError);
}

}  // namespace
}  // namespace vec2midi::vae
