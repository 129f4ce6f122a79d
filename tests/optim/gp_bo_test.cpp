#include "optim/gp_bo.hpp"

#include <gtest/gtest.h>

namespace vec2midi::optim {
namespace {

double bowl(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += (v - 0.02) * (v - 0.02);
  return s * 1e4;
}

GpBoOptions small_options() {
  GpBoOptions o;
  o.n_random = 20;
  o.n_start = 10;
  o.refit_every = 5;
  o.fit.n_steps = 15;
  o.n_candidates = 64;
  o.n_ascent_steps = 10;
  return o;
}

TEST(GpBo, RandomPhaseThenGpBeatsTheRandomPoints) {
  GpBo opt({.n_dims = 3}, 1, small_options());
  double best_random = 1e300, best_bo = 1e300;
  for (int i = 0; i < 45; ++i) {
    const auto xs = opt.ask(1);
    const double y = bowl(xs[0]);
    (i < 20 ? best_random : best_bo) = std::min(i < 20 ? best_random : best_bo, y);
    opt.tell(xs, {y});
    if (i == 19) EXPECT_EQ(opt.gp().size(), 10);  // the best n_start random points
  }
  EXPECT_EQ(opt.gp().size(), 10 + 25);
  EXPECT_LT(best_bo, best_random);
}

TEST(GpBo, PointsStayInsideTheBox) {
  GpBo opt({.n_dims = 2, .lower = -0.07, .upper = 0.07}, 2, small_options());
  for (int i = 0; i < 30; ++i) {
    const auto xs = opt.ask(1);
    for (double v : xs[0]) {
      EXPECT_GE(v, -0.07);
      EXPECT_LE(v, 0.07);
    }
    opt.tell(xs, {bowl(xs[0])});
  }
}

TEST(GpBo, RestoredStateAsksNearlyTheSamePoint) {
  GpBo a({.n_dims = 3}, 4, small_options());
  std::vector<std::vector<double>> told;
  std::vector<double> ys;
  for (int i = 0; i < 25; ++i) {
    const auto xs = a.ask(1);
    const double y = bowl(xs[0]);
    a.tell(xs, {y});
    told.push_back(xs[0]);
    ys.push_back(y);
  }
  GpBo b({.n_dims = 3}, 0, small_options());
  b.restore(a.state(), told, ys);
  const auto pa = a.ask(1)[0], pb = b.ask(1)[0];
  for (size_t k = 0; k < pa.size(); ++k) EXPECT_NEAR(pa[k], pb[k], 1e-3);
}

TEST(GpBo, AcquisitionMaximiserIsNoWorseThanItsStarts) {
  GaussianProcess gp(2);
  const auto f64 = torch::TensorOptions().dtype(torch::kFloat64);
  gp.set_data(torch::tensor({{0.1, 0.1}, {0.9, 0.2}, {0.5, 0.8}, {0.4, 0.4}}, f64), torch::tensor({1.0, 2.0, 0.5, 0.2}, f64));
  GpBoOptions o = small_options();
  std::mt19937_64 gen(1);
  const torch::Tensor best = maximise_acquisition(gp, o, gen);
  ASSERT_EQ(best.size(0), o.n_starts);
  const torch::Tensor values = acquisition_values(gp, best, o);
  // Sorted by decreasing acquisition, inside the unit box.
  EXPECT_GE(values[0].item<double>(), values[o.n_starts - 1].item<double>());
  EXPECT_GE(best.min().item<double>(), 0.0);
  EXPECT_LE(best.max().item<double>(), 1.0);
}

}  // namespace
}  // namespace vec2midi::optim
