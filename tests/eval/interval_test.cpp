#include "eval/interval.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "io/error.hpp"

namespace vec2midi::eval {
namespace {

// Newcombe (1998), "Two-sided confidence intervals for the single proportion", Stat. Med. 17, Table II,
// method 3 (score interval without continuity correction), to four decimals.
TEST(WilsonInterval, MatchesNewcombesPublishedExamples) {
  struct Case { int64_t k, n; double low, high; };
  for (const Case c : {Case{81, 263, 0.2553, 0.3662}, Case{15, 148, 0.0624, 0.1605}, Case{0, 20, 0.0, 0.1611},
                       Case{1, 29, 0.0061, 0.1718}}) {
    const Interval i = wilson_interval(c.k, c.n);
    EXPECT_NEAR(i.low, c.low, 6e-5) << c.k << "/" << c.n;
    EXPECT_NEAR(i.high, c.high, 6e-5) << c.k << "/" << c.n;
  }
}

TEST(WilsonInterval, ContainsTheProportionAndNarrowsWithMoreData) {
  const Interval small = wilson_interval(9, 10), large = wilson_interval(900, 1000);
  EXPECT_LT(small.low, 0.9);
  EXPECT_GT(small.high, 0.9);
  EXPECT_LT(large.high - large.low, small.high - small.low);
  EXPECT_LE(wilson_interval(10, 10).high, 1.0);
}

TEST(WilsonInterval, NoDataGivesNaNAndBadCountsThrow) {
  EXPECT_TRUE(std::isnan(wilson_interval(0, 0).low));
  EXPECT_THROW(wilson_interval(3, 2), InputError);
  EXPECT_THROW(wilson_interval(-1, 2), InputError);
}

}  // namespace
}  // namespace vec2midi::eval
