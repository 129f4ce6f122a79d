#include "vision/colour_centres.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace vec2midi::vision {
namespace {

TEST(ColourCentres, MeanAndPopulationStdPerClass) {
  const auto e = torch::tensor({1.0f, 0.0f, 3.0f, 2.0f, 10.0f, 10.0f}).reshape({3, 2});
  const auto labels = torch::tensor({0, 0, 1}, torch::kInt64);
  const auto c = compute_centres(e, labels, 2);
  EXPECT_TRUE(torch::allclose(c.mean[0], torch::tensor({2.0f, 1.0f})));
  EXPECT_TRUE(torch::allclose(c.std[0], torch::tensor({1.0f, 1.0f})));
  EXPECT_TRUE(torch::allclose(c.mean[1], torch::tensor({10.0f, 10.0f})));
  EXPECT_TRUE(torch::allclose(c.std[1], torch::zeros({2})));
}

TEST(ColourCentres, ClassWithoutExamplesIsAnInputError) {
  const auto e = torch::zeros({2, 3});
  EXPECT_THROW(compute_centres(e, torch::tensor({0, 0}, torch::kInt64), 2), InputError);
}

TEST(ColourCentres, SquaredDistancesAndNearest) {
  const auto centres = torch::tensor({0.0f, 0.0f, 4.0f, 0.0f}).reshape({2, 2});
  const auto e = torch::tensor({1.0f, 1.0f, 3.0f, 0.0f}).reshape({2, 2});
  const auto d = squared_distances(e, centres);
  EXPECT_FLOAT_EQ(d[0][0].item<float>(), 2.0f);
  EXPECT_FLOAT_EQ(d[0][1].item<float>(), 10.0f);
  EXPECT_EQ(nearest_centres(e, centres)[0].item<int64_t>(), 0);
  EXPECT_EQ(nearest_centres(e, centres)[1].item<int64_t>(), 1);
}

}  // namespace
}  // namespace vec2midi::vision
