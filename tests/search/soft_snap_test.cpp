#include "search/soft_snap.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "io/error.hpp"

namespace vec2midi::search {
namespace {

// Two classes on a line (E = 1): centres 0 and 1, spreads `std0` and `std1` (variances std / 10).
vision::ColourCentres line(float std0, float std1) {
  return {.embedding_size = 1, .mean = {0.0f, 1.0f}, .std = {std0, std1}};
}

TEST(SoftSnap, WeighsTheCentresByTheGaussianPosteriorOfTheOriginalScheme) {
  // Variances 0.01 both. At x = 0.4: log-densities -0.16/0.02 = -8 and -0.36/0.02 = -18 (the same normaliser), so
  // p(1 | x) = e^-10 / (1 + e^-10) and the snapped point is that times centre 1.
  const EmbeddingSet set{.embedding_size = 1, .embeddings = {0.4f, 0.0f, 1.0f}, .labels = {0, 0, 1}};
  const EmbeddingSet snapped = soft_snap(set, line(0.1f, 0.1f), 1.0);
  const double p1 = std::exp(-10.0) / (1.0 + std::exp(-10.0));
  EXPECT_NEAR(snapped.embeddings[0], p1, 1e-9);
  EXPECT_NEAR(snapped.embeddings[1], 1.0 / (1.0 + std::exp(50.0)), 1e-12);  // at centre 0: x² / 0.02 = 50 apart
  EXPECT_NEAR(snapped.embeddings[2], 1.0, 1e-6);
  EXPECT_EQ(snapped.labels, set.labels);
  EXPECT_EQ(snapped.embedding_size, 1);
}

TEST(SoftSnap, TemperatureMultipliesTheVariances) {
  // T = 10: variances 0.1, log-densities -0.8 and -1.8: p(1 | 0.4) = e^-1 / (1 + e^-1).
  const EmbeddingSet set{.embedding_size = 1, .embeddings = {0.4f}, .labels = {0}};
  EXPECT_NEAR(soft_snap(set, line(0.1f, 0.1f), 10.0).embeddings[0], std::exp(-1.0) / (1.0 + std::exp(-1.0)), 1e-6);
  // The midpoint of equal spreads is an even split at any temperature.
  const EmbeddingSet middle{.embedding_size = 1, .embeddings = {0.5f}, .labels = {0}};
  for (double t : {0.1, 1.0, 7.0}) EXPECT_NEAR(soft_snap(middle, line(0.1f, 0.1f), t).embeddings[0], 0.5, 1e-6) << t;
}

TEST(SoftSnap, AWiderClassHasTheLargerNormaliserInItsDensity) {
  // Variances 0.01 and 0.04. At x = 0.5: -0.25/0.02 - ln(0.01)/2 and -0.25/0.08 - ln(0.04)/2.
  const double l0 = -12.5 - 0.5 * std::log(0.01), l1 = -3.125 - 0.5 * std::log(0.04);
  const std::vector<float> point{0.5f};
  const std::vector<double> p = class_posteriors(point, line(0.1f, 0.4f), 1.0);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_NEAR(p[0], 1.0 / (1.0 + std::exp(l1 - l0)), 1e-9);
  EXPECT_NEAR(p[0] + p[1], 1.0, 1e-12);
}

TEST(SoftSnap, NineClassesFarApartGiveEachPointItsOwnCentre) {
  vision::ColourCentres c{.embedding_size = 3, .mean = std::vector<float>(27), .std = std::vector<float>(27, 0.01f)};
  for (int k = 0; k < 9; ++k) c.mean[size_t(k * 3 + k % 3)] = float(1 + k / 3);  // distinct points 1..3 on the axes
  EmbeddingSet set{.embedding_size = 3, .embeddings = {}, .labels = {}};
  for (int k = 0; k < 9; ++k) {
    for (int d = 0; d < 3; ++d) set.embeddings.push_back(c.mean[size_t(k * 3 + d)] + 0.01f);
    set.labels.push_back(k);
  }
  const EmbeddingSet snapped = soft_snap(set, c, 1.0);
  for (size_t i = 0; i < c.mean.size(); ++i) EXPECT_NEAR(snapped.embeddings[i], c.mean[i], 1e-6) << i;
}

TEST(SoftSnap, RefusesABadTemperatureAndSizesThatDisagree) {
  const EmbeddingSet set{.embedding_size = 1, .embeddings = {0.4f}, .labels = {0}};
  for (double t : {0.0, -1.0, std::nan(""), double(INFINITY)}) EXPECT_THROW(soft_snap(set, line(0.1f, 0.1f), t), InputError) << t;
  const EmbeddingSet two_d{.embedding_size = 2, .embeddings = {0.4f, 0.1f}, .labels = {0}};
  EXPECT_THROW(soft_snap(two_d, line(0.1f, 0.1f), 1.0), InputError);
  const EmbeddingSet ragged{.embedding_size = 1, .embeddings = {0.4f, 0.1f}, .labels = {0}};
  EXPECT_THROW(soft_snap(ragged, line(0.1f, 0.1f), 1.0), InputError);
}

}  // namespace
}  // namespace vec2midi::search
