#include "optim/turbo.hpp"

#include <gtest/gtest.h>

namespace vec2midi::optim {
namespace {

TEST(TrustRegion, FailureToleranceIsMaxOfFourAndDimOverBatch) {
  EXPECT_EQ(failure_tolerance({.batch_size = 1}, 100), 100);
  EXPECT_EQ(failure_tolerance({.batch_size = 4}, 10), 3);   // ceil(max(1, 2.5))
  EXPECT_EQ(failure_tolerance({.batch_size = 1}, 2), 4);    // max(4, 2)
}

TEST(TrustRegion, DoublesAfterThreeSuccessesInARow) {
  const TurboOptions o;
  TrustRegion r{.length = 0.4};
  r = update_trust_region(r, true, o, 10);
  r = update_trust_region(r, true, o, 10);
  EXPECT_DOUBLE_EQ(r.length, 0.4);
  r = update_trust_region(r, true, o, 10);
  EXPECT_DOUBLE_EQ(r.length, 0.8);
  EXPECT_EQ(r.n_successes, 0);
}

TEST(TrustRegion, ExpansionIsCappedAtTheMaximum) {
  const TurboOptions o;
  TrustRegion r{.length = 1.2};
  for (int i = 0; i < 3; ++i) r = update_trust_region(r, true, o, 10);
  EXPECT_DOUBLE_EQ(r.length, 1.6);
}

TEST(TrustRegion, AFailureResetsTheSuccessCount) {
  const TurboOptions o;
  TrustRegion r{.length = 0.4};
  r = update_trust_region(r, true, o, 10);
  r = update_trust_region(r, true, o, 10);
  r = update_trust_region(r, false, o, 10);
  r = update_trust_region(r, true, o, 10);
  EXPECT_DOUBLE_EQ(r.length, 0.4);
  EXPECT_EQ(r.n_successes, 1);
}

TEST(TrustRegion, HalvesAfterToleranceFailuresAndRestartsBelowTheMinimum) {
  const TurboOptions o;
  TrustRegion r{.length = 0.8};
  for (int i = 0; i < 9; ++i) r = update_trust_region(r, false, o, 10);
  EXPECT_DOUBLE_EQ(r.length, 0.8);
  r = update_trust_region(r, false, o, 10);  // the 10th failure (tolerance max(4, 10) = 10)
  EXPECT_DOUBLE_EQ(r.length, 0.4);
  r.length = 0.01;
  for (int i = 0; i < 10; ++i) r = update_trust_region(r, false, o, 10);
  EXPECT_TRUE(r.restart);  // 0.005 < 0.5^7
  EXPECT_DOUBLE_EQ(r.length, o.length_init);
}

TEST(Turbo, ImprovesOnItsInitialDesignForAQuadratic) {
  TurboOptions o;
  o.n_init = 10;
  o.n_candidates = 100;
  o.fit.n_steps = 3;
  Turbo opt({.n_dims = 4, .lower = -1, .upper = 1}, 5, o);
  auto f = [](const std::vector<double>& x) {
    double s = 0;
    for (double v : x) s += (v - 0.3) * (v - 0.3);
    return s;
  };
  double best_init = 1e300, best = 1e300;
  for (int i = 0; i < 30; ++i) {
    const auto xs = opt.ask(1);
    const double y = f(xs[0]);
    if (i < 10) best_init = std::min(best_init, y);
    best = std::min(best, y);
    opt.tell(xs, {y});
  }
  EXPECT_LT(best, 0.5 * best_init);
}

}  // namespace
}  // namespace vec2midi::optim
