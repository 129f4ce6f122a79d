#include "io/random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <numbers>
#include <random>
#include <vector>

namespace vec2midi::io {
namespace {

// The documented transform written out again, straight from its description: uniforms from the top
// 53 bits plus half a unit, then Box–Muller's cosine and sine.
std::vector<double> reference_normals(uint64_t seed, int n) {
  std::mt19937_64 gen(seed);
  std::vector<double> out;
  while (static_cast<int>(out.size()) < n) {
    const double u1 = std::ldexp(static_cast<double>(gen() >> 11), -53) + std::ldexp(1.0, -54);
    const double u2 = std::ldexp(static_cast<double>(gen() >> 11), -53) + std::ldexp(1.0, -54);
    const double radius = std::sqrt(-2.0 * std::log(u1));
    out.push_back(radius * std::cos(2.0 * std::numbers::pi * u2));
    out.push_back(radius * std::sin(2.0 * std::numbers::pi * u2));
  }
  out.resize(static_cast<size_t>(n));
  return out;
}

TEST(Random, GeneratorIsTheStandardMersenneTwister) {
  // C++ [rand.predef]: the 10000th output of a default-constructed mt19937_64 is 9981545732273789042.
  std::mt19937_64 gen;
  gen.discard(9999);
  EXPECT_EQ(gen(), 9981545732273789042ULL);
}

TEST(Random, UniformIsTopBitsPlusHalf) {
  std::mt19937_64 a(42), b(42);
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = b() >> 11;
    EXPECT_EQ(uniform_open(a), (static_cast<double>(x) + 0.5) / 9007199254740992.0);
  }
}

TEST(Random, FirstValuesForASeedFollowTheDocumentedTransform) {
  std::mt19937_64 gen(20200501);
  const auto got = standard_normal(gen, 11);
  const auto want = reference_normals(20200501, 11);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], want[i]) << "value " << i;
}

TEST(Random, SameSeedSameValuesOtherSeedOthers) {
  std::mt19937_64 a(5), b(5), c(6);
  const auto va = standard_normal(a, 64), vb = standard_normal(b, 64), vc = standard_normal(c, 64);
  EXPECT_EQ(va, vb);
  EXPECT_NE(va, vc);
}

TEST(Random, ShorterFillIsPrefixOfLonger) {
  std::mt19937_64 a(9), b(9);
  const auto shorter = standard_normal(a, 7);
  const auto longer = standard_normal(b, 20);
  for (size_t i = 0; i < shorter.size(); ++i) EXPECT_EQ(shorter[i], longer[i]);
}

TEST(Random, MomentsAreThoseOfAStandardNormal) {
  std::mt19937_64 gen(1);
  const int n = 200000;
  const auto v = standard_normal(gen, n);
  double sum = 0.0, sum_sq = 0.0;
  int within_one = 0;
  for (double x : v) {
    sum += x;
    sum_sq += x * x;
    within_one += std::abs(x) < 1.0;
  }
  const double mean = sum / n;
  // Bounds are about 5 standard errors: 1/sqrt(n), sqrt(2/n), sqrt(p(1-p)/n).
  EXPECT_NEAR(mean, 0.0, 0.012);
  EXPECT_NEAR(sum_sq / n - mean * mean, 1.0, 0.016);
  EXPECT_NEAR(static_cast<double>(within_one) / n, 0.682689, 0.0052);
}

TEST(Random, SameSeedGivesSameStream) {
  Rng a(42), b(42);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(uniform01(a), uniform01(b));
}

TEST(Random, Uniform01StaysInHalfOpenUnitInterval) {
  Rng rng(1);
  for (int i = 0; i < 10000; ++i) {
    const double u = uniform01(rng);
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

TEST(Random, UniformIntCoversRangeEvenly) {
  Rng rng(3);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) ++counts[size_t(uniform_int(rng, 7))];
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);  // about 4 sigma
}

TEST(Random, OneAtATimeNormalHasZeroMeanAndUnitVariance) {
  Rng rng(5);
  double sum = 0, sum_sq = 0;
  const int n = 50000;
  for (int i = 0; i < n; ++i) {
    const double x = normal(rng);
    sum += x;
    sum_sq += x * x;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.02);
  EXPECT_NEAR(sum_sq / n, 1.0, 0.03);
}

TEST(Random, ShuffleIsAPermutation) {
  Rng rng(9);
  std::vector<int> v(50);
  std::iota(v.begin(), v.end(), 0);
  shuffle(v, rng);
  std::vector<int> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 50; ++i) EXPECT_EQ(sorted[size_t(i)], i);
  EXPECT_FALSE(std::is_sorted(v.begin(), v.end()));
}

TEST(Random, BoxMullerGivesTheCosineAndSineOfOnePair) {
  const auto [c, s] = box_muller(0.25, 0.125);  // r = sqrt(2 ln 4), θ = π/4
  const double r = std::sqrt(-2.0 * std::log(0.25));
  EXPECT_DOUBLE_EQ(c, r * std::cos(std::numbers::pi / 4));
  EXPECT_DOUBLE_EQ(s, r * std::sin(std::numbers::pi / 4));
}

TEST(Random, OneAtATimeNormalIsTheCosineHalfOfOneMinusUniform) {
  std::mt19937_64 a(77), b(77);
  for (int i = 0; i < 20; ++i) {
    const double u1 = 1.0 - std::ldexp(static_cast<double>(b() >> 11), -53);
    const double u2 = std::ldexp(static_cast<double>(b() >> 11), -53);
    EXPECT_EQ(normal(a), std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2));
  }
}

TEST(Random, ScaledIndexIsTheFloorOfAnOpenUniformTimesN) {
  std::mt19937_64 a(21), b(21);
  std::vector<int> counts(5, 0);
  for (int i = 0; i < 50000; ++i) {
    const double u = (static_cast<double>(b() >> 11) + 0.5) / 9007199254740992.0;
    const int64_t k = scaled_index(a, 5);
    ASSERT_EQ(k, static_cast<int64_t>(std::floor(u * 5)));
    ++counts[static_cast<size_t>(k)];
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 450);  // about 5 sigma
}

}  // namespace
}  // namespace vec2midi::io
