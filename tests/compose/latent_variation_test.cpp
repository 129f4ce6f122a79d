#include "compose/latent_variation.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "io/error.hpp"

namespace vec2midi::compose {
namespace {

const std::vector<float> kZ(16, 0.25f);
const std::vector<int64_t> kDims = {1, 5, 9, 12};

std::vector<int64_t> moved_dims(const std::vector<float>& a, const std::vector<float>& b) {
  std::vector<int64_t> moved;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) moved.push_back(int64_t(i));
  }
  return moved;
}

TEST(LatentVariation, VariationZeroIsTheVectorItself) { EXPECT_EQ(vary_latent(kZ, 0, kDims, 7), kZ); }

TEST(LatentVariation, MovesTwoOfTheGivenDimsByTheStep) {
  const auto v = vary_latent(kZ, 1, kDims, 7);
  const auto moved = moved_dims(kZ, v);
  ASSERT_EQ(moved.size(), 2u);
  for (int64_t d : moved) {
    EXPECT_NE(std::find(kDims.begin(), kDims.end(), d), kDims.end());
    EXPECT_NEAR(std::abs(v[size_t(d)] - kZ[size_t(d)]), 0.75, 1e-6);
  }
}

TEST(LatentVariation, SameSeedAndVariationGiveTheSameMove) {
  EXPECT_EQ(vary_latent(kZ, 3, kDims, 11), vary_latent(kZ, 3, kDims, 11));
}

TEST(LatentVariation, VariationsDifferFromEachOther) {
  int n_same = 0;
  for (int v = 1; v < 20; ++v) n_same += vary_latent(kZ, v, kDims, 1) == vary_latent(kZ, v + 1, kDims, 1);
  EXPECT_LE(n_same, 5);  // 4 dims x 2 signs, two dims moved: some pairs may coincide, most must not
}

TEST(LatentVariation, FarVariationsMoveMoreDimsFurther) {
  const auto v = vary_latent(kZ, 100, kDims, 7);
  const auto moved = moved_dims(kZ, v);
  ASSERT_EQ(moved.size(), 4u);
  for (int64_t d : moved) EXPECT_NEAR(std::abs(v[size_t(d)] - kZ[size_t(d)]), 2.0, 1e-6);
}

TEST(LatentVariation, WithoutDimsAnyDimMayMove) {
  const auto moved = moved_dims(kZ, vary_latent(kZ, 1, {}, 7));
  EXPECT_EQ(moved.size(), 2u);
}

TEST(LatentVariation, ADimOutsideTheLatentThrows) {
  const std::vector<int64_t> bad = {3, 16};
  EXPECT_THROW(vary_latent(kZ, 1, bad, 7), InputError);
}

}  // namespace
}  // namespace vec2midi::compose
