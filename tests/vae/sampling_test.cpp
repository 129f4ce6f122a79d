#include "vae/sampling.hpp"

#include <cmath>
#include <vector>

#include <ATen/ATen.h>
#include <gtest/gtest.h>

namespace vec2midi::vae {
namespace {

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

}  // namespace
}  // namespace vec2midi::vae
