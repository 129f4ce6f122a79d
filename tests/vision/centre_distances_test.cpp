#include "vision/centre_distances.hpp"

#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace vec2midi::vision {
namespace {

TEST(CentreDistances, AreTheSquaredDistancesAndTheNearestIsTheirArgmin) {
  // Centres on the axes of a 9-d space, scaled by k + 1; the embedding sits near centre 4.
  std::vector<float> centres(81, 0.0f);
  for (int k = 0; k < 9; ++k) centres[size_t(k * 9 + k)] = float(k + 1);
  std::vector<float> e(9, 0.0f);
  e[4] = 4.5f;
  e[0] = 0.25f;
  const CentreDistances d = centre_distances(e, centres);
  EXPECT_EQ(d.nearest, 4);
  // To centre 4 (5 on axis 4): 0.25² + 0.5² ; to centre 0 (1 on axis 0): 0.75² + 4.5².
  EXPECT_FLOAT_EQ(d.squared[4], 0.0625f + 0.25f);
  EXPECT_FLOAT_EQ(d.squared[0], 0.5625f + 20.25f);
}

TEST(CentreDistances, NearestCentresAgreeWithCentreDistancesOnRandomPoints) {
  std::mt19937 rng(3);
  std::normal_distribution<float> normal;
  std::vector<float> centres(9 * 12), points(20 * 12);
  for (float& v : centres) v = normal(rng);
  for (float& v : points) v = normal(rng);
  const std::vector<int> nearest = nearest_centres(points, centres, 12);
  ASSERT_EQ(nearest.size(), 20u);
  for (size_t i = 0; i < 20; ++i) {
    const CentreDistances d = centre_distances(std::span<const float>(points).subspan(i * 12, 12), centres);
    EXPECT_EQ(nearest[i], d.nearest) << "point " << i;
    for (int k = 0; k < 9; ++k) EXPECT_GE(d.squared[size_t(k)], d.squared[size_t(d.nearest)]);
  }
}

TEST(CentreDistances, NearestCentresTakeAnyNumberOfCentresAndSkipInfiniteOnes) {
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> centres = {inf, inf, 0.0f, 0.0f, 4.0f, 0.0f};  // [3, 2]: the first is an empty class
  const std::vector<float> points = {1.0f, 1.0f, 3.0f, 0.0f};               // [2, 2]
  EXPECT_EQ(nearest_centres(points, centres, 2), (std::vector<int>{1, 2}));
}

TEST(CentreDistances, TiesGoToTheFirstClass) {
  const std::vector<float> centres(18, 1.0f);  // nine equal centres, E = 2
  EXPECT_EQ(centre_distances(std::vector<float>{0.0f, 0.0f}, centres).nearest, 0);
  EXPECT_EQ(nearest_centres(std::vector<float>{0.0f, 0.0f}, centres, 2), (std::vector<int>{0}));
}

TEST(CentreDistances, CentresOfAnotherSizeAreAnInputError) {
  EXPECT_THROW(centre_distances(std::vector<float>(9), std::vector<float>(80)), InputError);
  EXPECT_THROW(centre_distances(std::vector<float>{}, std::vector<float>{}), InputError);
  EXPECT_THROW(nearest_centres(std::vector<float>(5), std::vector<float>(4), 2), InputError);
  EXPECT_THROW(nearest_centres(std::vector<float>(4), std::vector<float>{}, 2), InputError);
}

}  // namespace
}  // namespace vec2midi::vision
