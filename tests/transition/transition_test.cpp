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

torch::Tensor uniform_coefficients(int64_t k, double box, uint64_t seed) {
  torch::manual_seed(seed);
  return (torch::rand({k}, torch::kFloat64) * 2.0 - 1.0) * box;
}

void expect_drawn_from(const Transition& t, io::Rng gen) {
  ASSERT_EQ(t.matrices().sizes(), (std::vector<int64_t>{6, 16, 9}));
  const auto v = io::standard_normal(gen, 6 * 16 * 9);
  EXPECT_EQ(t.matrices()[0][0][0].item<float>(), static_cast<float>(v[0]));
  EXPECT_EQ(t.matrices()[5][15][8].item<float>(), static_cast<float>(v.back()));
  EXPECT_EQ(t.matrices()[2][3][4].item<float>(), static_cast<float>(v[(2 * 16 + 3) * 9 + 4]));
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
  EXPECT_NE(t.matrices()[0][0][0].item<float>(), static_cast<float>(d[0]));
  EXPECT_NE(t.matrices()[0][0][1].item<float>(), static_cast<float>(d[1]));
}

TEST(Transition, SameSeedSameMatricesOtherSeedOthers) {
  EXPECT_TRUE(torch::equal(Transition(small_options(4)).matrices(), Transition(small_options(4)).matrices()));
  EXPECT_FALSE(torch::equal(Transition(small_options(4)).matrices(), Transition(small_options(5)).matrices()));
}

TEST(Transition, CombineIsLinearInA) {
  const Transition t(small_options());
  const auto a = uniform_coefficients(6, 0.07, 1), b = uniform_coefficients(6, 0.07, 2);
  const auto lhs = t.combine(3.0 * a - 0.5 * b);
  const auto rhs = 3.0 * t.combine(a) - 0.5 * t.combine(b);
  EXPECT_TRUE(torch::allclose(lhs, rhs, 1e-5, 1e-6));
}

TEST(Transition, CombineOfAUnitVectorIsThatMatrix) {
  const Transition t(small_options());
  auto a = torch::zeros({6}, torch::kFloat64);
  a[4] = 1.0;
  EXPECT_TRUE(torch::equal(t.combine(a), t.matrices()[4]));
}

TEST(Transition, ApplyMatchesTheFormulaWrittenOut) {
  const Transition t(small_options());
  const std::vector<double> a = {0.05, -0.02, 0.07, 0.0, -0.06, 0.01};
  torch::manual_seed(3);
  const auto e = torch::randn({2, 9});
  const auto z = t.apply(t.combine(a), e);
  ASSERT_EQ(z.sizes(), (std::vector<int64_t>{2, 16}));
  const auto g = t.matrices().to(torch::kFloat64);
  for (int64_t b = 0; b < 2; ++b) {
    for (int64_t d = 0; d < 16; ++d) {
      double s = 0.0;  // Σ_j a_j Σ_i G_j[d, i] e[b, i]
      for (int64_t j = 0; j < 6; ++j) {
        for (int64_t i = 0; i < 9; ++i) s += a[j] * g[j][d][i].item<double>() * e[b][i].item<double>();
      }
      EXPECT_NEAR(z[b][d].item<float>(), 2.0 * std::tanh(s), 1e-5) << "row " << b << " dim " << d;
    }
  }
}

TEST(Transition, LatentStaysInsideOpenInterval) {
  const Transition t({.n_matrices = 100, .seed = 1, .latent_size = 512, .embedding_size = 9});
  torch::manual_seed(8);
  auto e = torch::randn({256, 9});
  e = e / e.norm(2, 1, true);  // the embedder's rows have unit L2 norm
  for (uint64_t s = 0; s < 5; ++s) {
    const auto z = t.map(uniform_coefficients(100, 0.07, s), e);
    EXPECT_LT(z.abs().max().item<float>(), 2.0f) << "coefficient draw " << s;
  }
}

TEST(Transition, SaturatesAtTwoForHugeCoefficients) {
  // Mathematically |z| < 2; float32 tanh rounds to exactly ±1 beyond |x| ≈ 9, so the bound is closed.
  const Transition t(small_options());
  const auto z = t.map(torch::full({6}, 1e6, torch::kFloat64), torch::ones({1, 9}));
  EXPECT_TRUE(torch::isfinite(z).all().item<bool>());
  EXPECT_LE(z.abs().max().item<float>(), 2.0f);
}

TEST(Transition, DrivesOnlyChosenDims) {
  TransitionOptions o = small_options();
  o.driven_dims = {3, 12, 7};
  o.noise_amplitude = 0.01;
  const Transition t(o);
  EXPECT_EQ(t.n_driven(), 3);
  ASSERT_EQ(t.matrices().sizes(), (std::vector<int64_t>{6, 3, 9}));
  torch::manual_seed(5);
  const auto e = torch::randn({2, 9});
  const auto z = t.map(uniform_coefficients(6, 0.07, 9), e);
  ASSERT_EQ(z.sizes(), (std::vector<int64_t>{2, 16}));
  const auto m = t.combine(uniform_coefficients(6, 0.07, 9));
  const auto driven = 2.0 * torch::tanh(torch::matmul(e, m.t()));  // [2, 3] in driven_dims order
  for (int64_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(torch::allclose(z.select(1, o.driven_dims[i]), driven.select(1, i)));
  }
  for (int64_t d = 0; d < 16; ++d) {
    if (d == 3 || d == 7 || d == 12) continue;
    const float held = t.held_latent()[d].item<float>();
    EXPECT_LE(std::abs(held), 0.01f);
    EXPECT_NE(held, 0.0f);
    EXPECT_EQ(z[0][d].item<float>(), held);
    EXPECT_EQ(z[1][d].item<float>(), held);
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
  EXPECT_THROW(t.combine(torch::zeros({5})), InputError);
  EXPECT_THROW(t.apply(t.combine(torch::zeros({6})), torch::zeros({2, 8})), InputError);
  EXPECT_THROW(t.apply(t.combine(torch::zeros({6})), torch::zeros({9})), InputError);
}

}  // namespace
}  // namespace vec2midi::transition
