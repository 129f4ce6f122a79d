#include "vae/sampling.hpp"

#include <cmath>
#include <vector>

#include <ATen/ATen.h>
#include <gtest/gtest.h>

namespace vec2midi::vae {
namespace {

TEST(Sampling, UniformIsInUnitInterval) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 10000; ++i) {
    const double u = uniform_double(rng);
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

TEST(Sampling, StandardNormalHasUnitMoments) {
  std::mt19937_64 rng(2);
  const int n = 200000;
  double sum = 0.0, sum_sq = 0.0;
  int beyond_two_sigma = 0;
  for (int i = 0; i < n; ++i) {
    const double x = standard_normal(rng);
    sum += x;
    sum_sq += x * x;
    beyond_two_sigma += std::abs(x) > 2.0;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01);
  EXPECT_NEAR(sum_sq / n, 1.0, 0.015);
  EXPECT_NEAR(static_cast<double>(beyond_two_sigma) / n, 0.0455, 0.003);  // 2·(1 − Φ(2))
}

TEST(Sampling, StandardNormalIsFixedByTheSeed) {
  // The first value follows from mt19937_64's standard-fixed stream (seed 5489 default) and Box–Muller.
  std::mt19937_64 a(5489), b(5489);
  const uint64_t r1 = b(), r2 = b();
  const double u1 = 1.0 - static_cast<double>(r1 >> 11) / 9007199254740992.0;
  const double u2 = static_cast<double>(r2 >> 11) / 9007199254740992.0;
  EXPECT_DOUBLE_EQ(standard_normal(a), std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2));
}

TEST(Sampling, PriorHasRequestedShapeAndIsReproducible) {
  std::mt19937_64 a(9), b(9);
  const at::Tensor z1 = sample_prior(4, 16, a), z2 = sample_prior(4, 16, b);
  EXPECT_EQ(z1.sizes().vec(), (std::vector<int64_t>{4, 16}));
  EXPECT_TRUE(at::equal(z1, z2));
}

TEST(Sampling, ArgmaxTakesTheFirstOfTies) {
  const std::vector<float> logits = {0.5f, 2.0f, -1.0f, 2.0f};
  EXPECT_EQ(argmax_event(logits), 1);
}

TEST(Sampling, SampledFrequenciesFollowTheSoftmax) {
  const std::vector<float> logits = {1.0f, 0.0f, -1.0f};
  const double temperature = 0.5;
  std::mt19937_64 rng(3);
  std::vector<int> counts(3, 0);
  const int n = 60000;
  for (int i = 0; i < n; ++i) ++counts[sample_event(logits, temperature, rng)];
  const double e0 = std::exp(2.0), e1 = 1.0, e2 = std::exp(-2.0), total = e0 + e1 + e2;
  EXPECT_NEAR(counts[0] / double(n), e0 / total, 0.01);
  EXPECT_NEAR(counts[1] / double(n), e1 / total, 0.01);
  EXPECT_NEAR(counts[2] / double(n), e2 / total, 0.005);
}

TEST(Sampling, VeryLowTemperatureIsGreedy) {
  const std::vector<float> logits = {0.1f, 0.3f, 0.2f};
  std::mt19937_64 rng(4);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(sample_event(logits, 1e-4, rng), 1);
}

TEST(Sampling, ItemGeneratorsDifferPerIndexAndRepeatPerSeed) {
  EXPECT_NE(item_generator(1, 0)(), item_generator(1, 1)());
  EXPECT_NE(item_generator(1, 0)(), item_generator(2, 0)());
  EXPECT_EQ(item_generator(1, 5)(), item_generator(1, 5)());
}

}  // namespace
}  // namespace vec2midi::vae
