#include "search/normal_rng.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace vec2midi::search {
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

TEST(NormalRng, GeneratorIsTheStandardMersenneTwister) {
  // C++ [rand.predef]: the 10000th output of a default-constructed mt19937_64 is 9981545732273789042.
  std::mt19937_64 gen;
  gen.discard(9999);
  EXPECT_EQ(gen(), 9981545732273789042ULL);
}

TEST(NormalRng, UniformIsTopBitsPlusHalf) {
  std::mt19937_64 a(42), b(42);
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = b() >> 11;
    EXPECT_EQ(uniform_open(a), (static_cast<double>(x) + 0.5) / 9007199254740992.0);
  }
}

TEST(NormalRng, FirstValuesForASeedFollowTheDocumentedTransform) {
  std::mt19937_64 gen(20200501);
  const auto got = standard_normal(gen, 11);
  const auto want = reference_normals(20200501, 11);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], want[i]) << "value " << i;
}

TEST(NormalRng, SameSeedSameValuesOtherSeedOthers) {
  std::mt19937_64 a(5), b(5), c(6);
  const auto va = standard_normal(a, 64), vb = standard_normal(b, 64), vc = standard_normal(c, 64);
  EXPECT_EQ(va, vb);
  EXPECT_NE(va, vc);
}

TEST(NormalRng, ShorterFillIsPrefixOfLonger) {
  std::mt19937_64 a(9), b(9);
  const auto shorter = standard_normal(a, 7);
  const auto longer = standard_normal(b, 20);
  for (size_t i = 0; i < shorter.size(); ++i) EXPECT_EQ(shorter[i], longer[i]);
}

TEST(NormalRng, MomentsAreThoseOfAStandardNormal) {
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

}  // namespace
}  // namespace vec2midi::search
