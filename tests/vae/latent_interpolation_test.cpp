#include "vae/latent_interpolation.hpp"

#include <cmath>

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "io/error.hpp"

namespace vec2midi::vae {
namespace {

TEST(LatentInterpolation, LerpHitsEndpointsAndMidpoint) {
  const at::Tensor a = at::tensor({1.0f, 2.0f}), b = at::tensor({3.0f, -2.0f});
  const at::Tensor path = lerp(a, b, 3);
  ASSERT_EQ(path.sizes().vec(), (std::vector<int64_t>{3, 2}));
  EXPECT_TRUE(at::allclose(path[0], a));
  EXPECT_TRUE(at::allclose(path[1], at::tensor({2.0f, 0.0f})));
  EXPECT_TRUE(at::allclose(path[2], b));
}

TEST(LatentInterpolation, SlerpOfOrthogonalUnitVectorsStaysOnTheCircle) {
  const at::Tensor a = at::tensor({1.0f, 0.0f}), b = at::tensor({0.0f, 1.0f});
  const at::Tensor path = slerp(a, b, 5);
  for (int64_t k = 0; k < 5; ++k) EXPECT_NEAR(path[k].norm().item<double>(), 1.0, 1e-6);
  const double s = 1.0 / std::sqrt(2.0);
  EXPECT_NEAR(path[2][0].item<double>(), s, 1e-6);
  EXPECT_NEAR(path[2][1].item<double>(), s, 1e-6);
  // t = 1/4: angle π/8 from a.
  EXPECT_NEAR(path[1][0].item<double>(), std::cos(M_PI / 8), 1e-6);
}

TEST(LatentInterpolation, SlerpHitsEndpoints) {
  const at::Tensor a = at::randn({16}), b = at::randn({16});
  const at::Tensor path = slerp(a, b, 7);
  EXPECT_TRUE(at::allclose(path[0], a, 1e-5, 1e-6));
  EXPECT_TRUE(at::allclose(path[6], b, 1e-5, 1e-6));
}

TEST(LatentInterpolation, SlerpOfParallelVectorsIsLinear) {
  const at::Tensor a = at::tensor({1.0f, 1.0f}), b = at::tensor({2.0f, 2.0f});
  EXPECT_TRUE(at::allclose(slerp(a, b, 4), lerp(a, b, 4)));
}

TEST(LatentInterpolation, RejectsMismatchedSizesAndTooFewPoints) {
  EXPECT_THROW(slerp(at::zeros({3}), at::zeros({4}), 3), InputError);
  EXPECT_THROW(lerp(at::zeros({3}), at::zeros({3}), 1), InputError);
}

}  // namespace
}  // namespace vec2midi::vae
