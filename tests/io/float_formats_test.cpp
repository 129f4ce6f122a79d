#include "io/float_formats.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

namespace vec2midi::io {
namespace {

TEST(FloatFormats, HalfOfKnownValues) {
  EXPECT_EQ(float_to_half(1.0f), 0x3c00u);
  EXPECT_EQ(float_to_half(-2.0f), 0xc000u);
  EXPECT_EQ(float_to_half(65504.0f), 0x7bffu);                   // the largest half
  EXPECT_EQ(float_to_half(65520.0f), 0x7c00u);                   // rounds up to infinity
  EXPECT_EQ(float_to_half(std::ldexp(1.0f, -24)), 0x0001u);      // the smallest subnormal
  EXPECT_EQ(float_to_half(std::ldexp(1.0f, -26)), 0x0000u);      // below half of it: zero
  EXPECT_EQ(float_to_half(1.0f + std::ldexp(1.0f, -11)), 0x3c00u);  // halfway, to even (down)
  EXPECT_EQ(float_to_half(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3c02u);  // halfway, to even (up)
  EXPECT_EQ(float_to_half(std::numeric_limits<float>::infinity()), 0x7c00u);
  EXPECT_TRUE(std::isnan(half_to_float(float_to_half(std::nanf("")))));
}

TEST(FloatFormats, EveryHalfSurvivesTheRoundTrip) {
  for (uint32_t h = 0; h < 0x10000u; ++h) {
    const float f = half_to_float(uint16_t(h));
    if (std::isnan(f)) continue;
    ASSERT_EQ(float_to_half(f), h) << "half 0x" << std::hex << h;
  }
  EXPECT_EQ(half_to_float(0x3555u), 0.333251953125f);
  EXPECT_EQ(half_to_float(0x0001u), std::ldexp(1.0f, -24));
}

TEST(FloatFormats, Bfloat16RoundsToNearestEven) {
  EXPECT_EQ(float_to_bf16(1.0f), 0x3f80u);
  EXPECT_EQ(bf16_to_float(0x3f80u), 1.0f);
  EXPECT_EQ(float_to_bf16(1.0f + std::ldexp(1.0f, -8)), 0x3f80u);      // halfway, to even (down)
  EXPECT_EQ(float_to_bf16(1.0f + 3 * std::ldexp(1.0f, -8)), 0x3f82u);  // halfway, to even (up)
  EXPECT_EQ(float_to_bf16(1.0f + std::ldexp(1.0f, -7) - std::ldexp(1.0f, -20)), 0x3f81u);  // below halfway up
  EXPECT_TRUE(std::isnan(bf16_to_float(float_to_bf16(std::nanf("")))));
}

}  // namespace
}  // namespace vec2midi::io
