#include "search/latent_study.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "io/error.hpp"
#include "search_fixtures.hpp"

namespace vec2midi::search {
namespace {

TEST(LatentFeatures, DescribeTheNotes) {
  music::Melody m;
  m.notes = {{.pitch = 60, .start_step = 0, .end_step = 4}, {.pitch = 67, .start_step = 8, .end_step = 10}};
  const auto f = latent_features(m, 16);
  EXPECT_EQ(f[0], 2);       // notes
  EXPECT_EQ(f[1], 60);      // first pitch
  EXPECT_EQ(f[2], 63.5);    // mean pitch
  EXPECT_EQ(f[3], 7);       // range
  EXPECT_EQ(f[4], 3);       // mean duration
  EXPECT_EQ(f[5], 6.0 / 16);  // sounding fraction
}

TEST(Kmeans, SeparatesTwoDistantBlobs) {
  std::mt19937_64 noise(0);
  std::normal_distribution<double> normal;
  std::vector<double> rows;  // [100, 2]: 50 around (0, 0), then 50 around (20, 20)
  for (int i = 0; i < 100; ++i) {
    for (int k = 0; k < 2; ++k) rows.push_back(normal(noise) + (i < 50 ? 0.0 : 20.0));
  }
  std::mt19937_64 gen(1);
  const auto c = kmeans(rows, 2, 2, 20, gen);
  for (int i = 1; i < 50; ++i) EXPECT_EQ(c[size_t(i)], c[0]);
  for (int i = 51; i < 100; ++i) EXPECT_EQ(c[size_t(i)], c[50]);
  EXPECT_NE(c[0], c[50]);
}

TEST(ClusterSeparation, IsBetweenOverTotalVariance) {
  // Column 0 splits exactly by cluster (η² = 1); column 1 is the same in both clusters (η² = 0).
  const std::vector<float> z = {0.0f, 1.0f, 0.0f, 3.0f, 2.0f, 1.0f, 2.0f, 3.0f};  // [4, 2]
  const auto s = cluster_separation(z, 2, {0, 0, 1, 1}, 2);
  EXPECT_NEAR(s[0], 1.0, 1e-12);
  EXPECT_NEAR(s[1], 0.0, 1e-12);
}

TEST(Kmeans, FewerRowsThanClustersIsAnInputError) {
  std::mt19937_64 gen(1);
  EXPECT_THROW(kmeans(std::vector<double>{0.0, 1.0}, 1, 3, 10, gen), InputError);
}

TEST(LatentStudy, RanksEveryDimension) {
  const vae::MelodyDecoder decoder = testing::tiny_decoder();
  const auto s = run_latent_study(decoder, {.n_samples = 300, .n_probes = 40, .n_clusters = 4, .show_progress = false});
  ASSERT_EQ(s.importance.size(), 8u);
  ASSERT_EQ(s.ranked.size(), 8u);
  for (size_t i = 1; i < 8; ++i) EXPECT_GE(s.importance[size_t(s.ranked[i - 1])], s.importance[size_t(s.ranked[i])]);
  int64_t total = 0;
  for (int64_t n : s.cluster_sizes) total += n;
  EXPECT_EQ(total, 300);
}

}  // namespace
}  // namespace vec2midi::search
