#include "vision/colour_centres.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "io/error.hpp"

namespace vec2midi::vision {
namespace {

TEST(ColourCentres, MeanAndPopulationStdPerClass) {
  const std::vector<float> e = {1.0f, 0.0f, 3.0f, 2.0f, 10.0f, 10.0f};  // [3, 2]
  const std::vector<int> labels = {0, 0, 1};
  const ColourCentres c = compute_centres(e, labels, 2, 2);
  EXPECT_EQ(c.n_classes(), 2);
  EXPECT_EQ(c.mean, (std::vector<float>{2.0f, 1.0f, 10.0f, 10.0f}));
  EXPECT_EQ(c.std, (std::vector<float>{1.0f, 1.0f, 0.0f, 0.0f}));
  EXPECT_EQ(c.mean_of(1)[0], 10.0f);
  EXPECT_EQ(c.std_of(0)[1], 1.0f);
}

TEST(ColourCentres, StdOfALargeOffsetKeepsItsDigits) {
  // Values near 1e4 with spread 1: a one-pass E[x²] − E[x]² in float would lose it.
  const std::vector<float> e = {10000.0f, 10002.0f, 10000.0f, 10002.0f};  // [4, 1]
  const ColourCentres c = compute_centres(e, std::vector<int>{0, 0, 0, 0}, 1, 1);
  EXPECT_FLOAT_EQ(c.mean[0], 10001.0f);
  EXPECT_FLOAT_EQ(c.std[0], 1.0f);
}

TEST(ColourCentres, ClassWithoutExamplesIsAnInputError) {
  EXPECT_THROW(compute_centres(std::vector<float>(6), std::vector<int>{0, 0}, 3, 2), InputError);
}

TEST(ColourCentres, SizesThatDisagreeAreAnInputError) {
  EXPECT_THROW(compute_centres(std::vector<float>(5), std::vector<int>{0, 1}, 3, 2), InputError);
  EXPECT_THROW(compute_centres(std::vector<float>(6), std::vector<int>{0, 2}, 3, 2), InputError);
}

}  // namespace
}  // namespace vec2midi::vision
