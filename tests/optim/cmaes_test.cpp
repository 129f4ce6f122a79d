#include "optim/cmaes.hpp"

#include <gtest/gtest.h>

namespace vec2midi::optim {
namespace {

double sphere(const std::vector<double>& x) {
  double s = 0.0;
  for (double v : x) s += (v - 1.0) * (v - 1.0);
  return s;
}

TEST(Cmaes, PopulationFollowsTheTutorialDefault) {
  Cmaes opt({.n_dims = 10, .lower = -5, .upper = 5}, 1, {});
  EXPECT_EQ(opt.preferred_batch(), 4 + 6);  // 4 + floor(3 ln 10)
}

TEST(Cmaes, MinimisesASphereIn10D) {
  Cmaes opt({.n_dims = 10, .lower = -5, .upper = 5}, 7, {});
  double best = 1e300;
  for (int gen = 0; gen < 400; ++gen) {
    const auto xs = opt.ask(opt.preferred_batch());
    std::vector<double> ys;
    for (const auto& x : xs) ys.push_back(sphere(x));
    for (double y : ys) best = std::min(best, y);
    opt.tell(xs, ys);
    if (best < 1e-9) break;
  }
  EXPECT_LT(best, 1e-8);
  EXPECT_NEAR(opt.mean()[3], 1.0, 1e-2);
}

TEST(Cmaes, RestoredStateAsksTheSamePoints) {
  Cmaes a({.n_dims = 5, .lower = -1, .upper = 1}, 3, {});
  std::vector<std::vector<double>> told;
  std::vector<double> ys;
  for (int g = 0; g < 3; ++g) {
    const auto xs = a.ask(a.preferred_batch());
    std::vector<double> y;
    for (const auto& x : xs) y.push_back(sphere(x));
    a.tell(xs, y);
    told.insert(told.end(), xs.begin(), xs.end());
    ys.insert(ys.end(), y.begin(), y.end());
  }
  Cmaes b({.n_dims = 5, .lower = -1, .upper = 1}, 99, {});
  b.restore(a.state(), told, ys);
  EXPECT_EQ(a.ask(3), b.ask(3));
}

}  // namespace
}  // namespace vec2midi::optim
