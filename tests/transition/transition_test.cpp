#include "transition/transition.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "io/error.hpp"
#include "io/random.hpp"
#include "io/random_stream.hpp"

namespace vec2midi::transition {
namespace {

TransitionOptions small_options(uint64_t seed = 11) {
  return {.n_matrices = 6, .seed = seed, .latent_size = 16, .embedding_size = 9};
}

std::vector<double> uniform_coefficients(int64_t k, double box, uint64_t seed) {
  std::mt19937_64 gen(seed);
  std::vector<double> a(static_cast<size_t>(k));
  for (double& v : a) v = box * (2.0 * io::uniform_open(gen) - 1.0);
  return a;
}

// n rows of E normal numbers, each row scaled to unit L2 norm when `unit` (as the embedder gives).
std::vector<float> embeddings(size_t n, size_t e, uint64_t seed, bool unit = true) {
  std::mt19937_64 gen(seed);
  std::normal_distribution<double> normal;
  std::vector<float> out(n * e);
  for (size_t r = 0; r < n; ++r) {
    double norm = 0.0;
    std::vector<double> row(e);
    for (double& v : row) norm += (v = normal(gen)) * v;
    for (size_t i = 0; i < e; ++i) out[r * e + i] = float(unit ? row[i] / std::sqrt(norm) : row[i]);
  }
  return out;
}

// G_j[d, i] of a [K, D, E] row-major G.
float g_at(const Transition& t, int64_t j, int64_t d, int64_t i) {
  const int64_t e = t.options().embedding_size;
  return t.matrices()[size_t((j * t.n_driven() + d) * e + i)];
}

void expect_drawn_from(const Transition& t, io::Rng gen) {
  ASSERT_EQ(t.matrices().size(), 6u * 16u * 9u);
  const auto v = io::standard_normal(gen, 6 * 16 * 9);
  EXPECT_EQ(g_at(t, 0, 0, 0), static_cast<float>(v[0]));
  EXPECT_EQ(g_at(t, 5, 15, 8), static_cast<float>(v.back()));
  EXPECT_EQ(g_at(t, 2, 3, 4), static_cast<float>(v[(2 * 16 + 3) * 9 + 4]));
}

TEST(Transition, MatricesAreDrawnFromTheSeedsTransitionStreamInRowMajorOrder) {
  expect_drawn_from(Transition(small_options()), io::stream_generator(11, io::Stream::transition_matrices));
}

TEST(Transition, LegacyMatricesAreDrawnFromTheSeedItself) {
  TransitionOptions o = small_options();
  o.generator = TransitionGenerator::legacy;
  expect_drawn_from(Transition(o), io::Rng(11));
}

TEST(Transition, MatricesShareNoNumbersWithTheSearchDataOfTheSameSeed) {
  // Before named streams G and the original scheme's samples both came from std::mt19937_64(0).
  io::Rng data = io::stream_generator(0, io::Stream::search_data);
  const auto d = io::standard_normal(data, 6 * 16 * 9);
  const Transition t(small_options(0));
  EXPECT_NE(g_at(t, 0, 0, 0), static_cast<float>(d[0]));
  EXPECT_NE(g_at(t, 0, 0, 1), static_cast<float>(d[1]));
}

TEST(Transition, SameSeedSameMatricesOtherSeedOthers) {
  const Transition a(small_options(4)), b(small_options(4)), c(small_options(5));
  EXPECT_TRUE(std::equal(a.matrices().begin(), a.matrices().end(), b.matrices().begin()));
  EXPECT_FALSE(std::equal(a.matrices().begin(), a.matrices().end(), c.matrices().begin()));
}

TEST(Transition, CombineIsLinearInA) {
  const Transition t(small_options());
  const auto a = uniform_coefficients(6, 0.07, 1), b = uniform_coefficients(6, 0.07, 2);
  std::vector<double> mix(6);
  for (size_t j = 0; j < 6; ++j) mix[j] = 3.0 * a[j] - 0.5 * b[j];
  const auto lhs = t.combine(mix), ca = t.combine(a), cb = t.combine(b);
  for (size_t i = 0; i < lhs.size(); ++i) EXPECT_NEAR(lhs[i], 3.0 * ca[i] - 0.5 * cb[i], 1e-6) << i;
}

TEST(Transition, CombineOfAUnitVectorIsThatMatrix) {
  const Transition t(small_options());
  std::vector<double> a(6, 0.0);
  a[4] = 1.0;
  const auto m = t.combine(a);
  ASSERT_EQ(m.size(), 16u * 9u);
  for (int64_t d = 0; d < 16; ++d) {
    for (int64_t i = 0; i < 9; ++i) EXPECT_EQ(m[size_t(d * 9 + i)], g_at(t, 4, d, i)) << d << ", " << i;
  }
}

TEST(Transition, ApplyMatchesTheFormulaWrittenOut) {
  const Transition t(small_options());
  const std::vector<double> a = {0.05, -0.02, 0.07, 0.0, -0.06, 0.01};
  const std::vector<float> e = embeddings(2, 9, 3, false);
  const auto z = t.apply(t.combine(a), e);
  ASSERT_EQ(z.size(), 2u * 16u);
  for (int64_t b = 0; b < 2; ++b) {
    for (int64_t d = 0; d < 16; ++d) {
      double s = 0.0;  // Σ_j a_j Σ_i G_j[d, i] e[b, i]
      for (int64_t j = 0; j < 6; ++j) {
        for (int64_t i = 0; i < 9; ++i) s += a[size_t(j)] * g_at(t, j, d, i) * e[size_t(b * 9 + i)];
      }
      EXPECT_NEAR(z[size_t(b * 16 + d)], 2.0 * std::tanh(s), 1e-6) << "row " << b << " dim " << d;
    }
  }
}

TEST(Transition, LatentStaysInsideOpenInterval) {
  const Transition t({.n_matrices = 100, .seed = 1, .latent_size = 512, .embedding_size = 9});
  const std::vector<float> e = embeddings(256, 9, 8);
  for (uint64_t s = 0; s < 5; ++s) {
    float largest = 0.0f;
    for (float v : t.map(uniform_coefficients(100, 0.07, s), e)) largest = std::max(largest, std::abs(v));
    EXPECT_LT(largest, 2.0f) << "coefficient draw " << s;
  }
}

TEST(Transition, SaturatesAtTwoForHugeCoefficients) {
  // Mathematically |z| < 2; tanh rounds to exactly ±1 for huge arguments, so the bound is closed.
  const Transition t(small_options());
  for (float v : t.map(std::vector<double>(6, 1e6), std::vector<float>(9, 1.0f))) {
    EXPECT_TRUE(std::isfinite(v));
    EXPECT_LE(std::abs(v), 2.0f);
  }
}

TEST(Transition, DrivesOnlyChosenDims) {
  TransitionOptions o = small_options();
  o.driven_dims = {3, 12, 7};
  o.noise_amplitude = 0.01;
  const Transition t(o);
  EXPECT_EQ(t.n_driven(), 3);
  ASSERT_EQ(t.matrices().size(), 6u * 3u * 9u);
  const std::vector<float> e = embeddings(2, 9, 5, false);
  const auto a = uniform_coefficients(6, 0.07, 9);
  const auto z = t.map(a, e);
  ASSERT_EQ(z.size(), 2u * 16u);
  const auto m = t.combine(a);  // [3, 9] in driven_dims order
  for (size_t b = 0; b < 2; ++b) {
    for (size_t r = 0; r < 3; ++r) {
      double dot = 0.0;
      for (size_t i = 0; i < 9; ++i) dot += double(m[r * 9 + i]) * e[b * 9 + i];
      EXPECT_NEAR(z[b * 16 + size_t(o.driven_dims[r])], 2.0 * std::tanh(dot), 1e-6);
    }
  }
  for (size_t d = 0; d < 16; ++d) {
    if (d == 3 || d == 7 || d == 12) continue;
    const float held = t.held_latent()[d];
    EXPECT_LE(std::abs(held), 0.01f);
    EXPECT_NE(held, 0.0f);
    EXPECT_EQ(z[d], held);
    EXPECT_EQ(z[16 + d], held);
  }
}

TEST(Transition, OriginalSignificantDimsFitTheBigModel) {
  TransitionOptions o;  // cat-mel_2bar_big: Z = 512
  o.driven_dims.assign(std::begin(kCatMelBigSignificantDims), std::end(kCatMelBigSignificantDims));
  o.n_matrices = 4;
  EXPECT_NO_THROW(validate(o));
  EXPECT_EQ(o.driven_dims.size(), 26u);
}

TEST(Transition, RejectsBadOptions) {
  TransitionOptions o = small_options();
  o.driven_dims = {3, 16};
  EXPECT_THROW(Transition{o}, InputError);
  o.driven_dims = {3, 3};
  EXPECT_THROW(Transition{o}, InputError);
  o = small_options();
  o.n_matrices = 0;
  EXPECT_THROW(Transition{o}, InputError);
  o = small_options();
  o.box = 0.0;
  EXPECT_THROW(Transition{o}, InputError);
}

TEST(Transition, RejectsWrongShapes) {
  const Transition t(small_options());
  EXPECT_THROW(t.combine(std::vector<double>(5)), InputError);
  const auto m = t.combine(std::vector<double>(6));
  EXPECT_THROW(t.apply(m, std::vector<float>(2 * 8)), InputError);
  EXPECT_THROW(t.apply(m, std::vector<float>{}), InputError);
  EXPECT_THROW(t.apply(std::vector<float>(5), std::vector<float>(9)), InputError);
  EXPECT_EQ(t.apply(m, std::vector<float>(2 * 9)).size(), 2u * 16u);
}

}  // namespace
}  // namespace vec2midi::transition
