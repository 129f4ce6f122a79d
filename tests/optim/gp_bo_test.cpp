#include "optim/gp_bo.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "io/error.hpp"

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

TEST(GpBo, RestoredStateAsksTheSamePoint) {
  // The GP is rebuilt as it was grown (factored at the last refit, then the same blocks): the very same point.
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
  EXPECT_EQ(a.ask(1)[0], b.ask(1)[0]);
}

// A batch by either acquisition: inside the box, no two points together, the GP untouched until told.
class GpBoBatch : public ::testing::TestWithParam<std::string> {};

TEST_P(GpBoBatch, IsSpreadOutAndLeavesTheGpAlone) {
  GpBoOptions o = small_options();
  o.batch_acquisition = GetParam();
  GpBo opt({.n_dims = 3}, 6, o);
  for (int i = 0; i < 20; ++i) {
    const auto xs = opt.ask(1);
    opt.tell(xs, {bowl(xs[0])});
  }
  const int64_t before = opt.gp().size();
  const auto batch = opt.ask(4);
  ASSERT_EQ(batch.size(), 4u);
  EXPECT_EQ(opt.gp().size(), before);  // the believer's fantasies went to a copy; the penalisers touch no GP
  EXPECT_EQ(opt.pending().size(), 4u);
  for (size_t a = 0; a < batch.size(); ++a) {
    for (double v : batch[a]) {
      EXPECT_GE(v, -0.07);
      EXPECT_LE(v, 0.07);
    }
    for (size_t b = a + 1; b < batch.size(); ++b) {
      double d2 = 0;
      for (size_t k = 0; k < 3; ++k) d2 += (batch[a][k] - batch[b][k]) * (batch[a][k] - batch[b][k]);
      EXPECT_GT(std::sqrt(d2), 1e-4) << a << " and " << b << " coincide";
    }
  }
  std::vector<double> ys;
  for (const auto& x : batch) ys.push_back(bowl(x));
  opt.tell(batch, ys);
  EXPECT_EQ(opt.gp().size(), before + 4);
  EXPECT_TRUE(opt.pending().empty());
}

TEST_P(GpBoBatch, AskingAheadKeepsAwayFromThePendingRound) {
  // The next round asked before this one is told: none of its points is on a pending one; telling the first
  // round leaves the second pending.
  GpBoOptions o = small_options();
  o.batch_acquisition = GetParam();
  GpBo opt({.n_dims = 2}, 3, o);
  for (int i = 0; i < 24; ++i) {
    const auto xs = opt.ask(1);
    opt.tell(xs, {bowl(xs[0])});
  }
  const auto round = opt.ask(3);
  const auto ahead = opt.ask(3);
  ASSERT_EQ(opt.pending().size(), 6u);
  for (const auto& a : ahead) {
    for (const auto& r : round) EXPECT_GT(std::hypot(a[0] - r[0], a[1] - r[1]), 1e-4);
  }
  std::vector<double> round_losses;
  for (const auto& x : round) round_losses.push_back(bowl(x));
  opt.tell(round, round_losses);
  EXPECT_EQ(opt.pending().size(), 3u);  // the round ahead is still out
  EXPECT_EQ(opt.pending()[0], to_unit({.n_dims = 2}, ahead[0]));
}

INSTANTIATE_TEST_SUITE_P(Acquisitions, GpBoBatch, ::testing::Values("penalised", "believer"));

TEST(GpBo, PendingPointsTravelInTheState) {
  GpBo a({.n_dims = 3}, 4, small_options());
  std::vector<std::vector<double>> told;
  std::vector<double> ys;
  for (int i = 0; i < 22; ++i) {
    const auto xs = a.ask(1);
    const double y = bowl(xs[0]);
    a.tell(xs, {y});
    told.push_back(xs[0]);
    ys.push_back(y);
  }
  const auto pending = a.ask(2);
  GpBo b({.n_dims = 3}, 0, small_options());
  b.restore(a.state(), told, ys);
  ASSERT_EQ(b.pending().size(), 2u);
  EXPECT_EQ(b.pending(), a.pending());
  // Both ask the same next point, away from the same pending pair.
  EXPECT_EQ(a.ask(1)[0], b.ask(1)[0]);
}

TEST(GpBo, ARoundLargerThanTheScreeningIsStillSpreadOut) {
  // 40 points from a screening of 64 candidates: the screening grows to 4 · 40, and no two points coincide.
  GpBo opt({.n_dims = 2}, 12, small_options());
  for (int i = 0; i < 22; ++i) {
    const auto xs = opt.ask(1);
    opt.tell(xs, {bowl(xs[0])});
  }
  const auto round = opt.ask(40);
  ASSERT_EQ(round.size(), 40u);
  for (size_t a = 0; a < round.size(); ++a) {
    for (size_t b = a + 1; b < round.size(); ++b) {
      EXPECT_GT(std::hypot(round[a][0] - round[b][0], round[a][1] - round[b][1]), 1e-6) << a << " and " << b;
    }
  }
}

TEST(GpBo, AStateWithBadPendingPointsOrBlocksIsAnInputError) {
  GpBo a({.n_dims = 2}, 5, small_options());
  std::vector<std::vector<double>> told;
  std::vector<double> ys;
  for (int i = 0; i < 24; ++i) {
    const auto xs = a.ask(1);
    ys.push_back(bowl(xs[0]));
    told.push_back(xs[0]);
    a.tell(xs, {ys.back()});
  }
  a.ask(1);
  GpBo b({.n_dims = 2}, 0, small_options());
  nlohmann::json state = a.state();
  state["pending"] = {{0.5}};  // one coordinate of two
  EXPECT_THROW(b.restore(state, told, ys), InputError);
  state["pending"] = {{0.5, 1.5}};  // outside the unit box
  EXPECT_THROW(b.restore(state, told, ys), InputError);
  state = a.state();
  state["blocks"] = {1000};  // more than the GP holds
  EXPECT_THROW(b.restore(state, told, ys), InputError);
  EXPECT_NO_THROW(b.restore(a.state(), told, ys));
}

TEST(GpBo, UnknownBatchAcquisitionIsAnInputError) {
  GpBoOptions o = small_options();
  o.batch_acquisition = "thompson";
  EXPECT_THROW(GpBo({.n_dims = 2}, 1, o), InputError);
}

TEST_P(GpBoBatch, ItsFirstPointIsTheSingleAsk) {
  // With the same state, ask(3)'s first point is ask(1)'s: a batch only adds points after it.
  GpBoOptions o = small_options();
  o.batch_acquisition = GetParam();
  GpBo a({.n_dims = 2}, 9, o), b({.n_dims = 2}, 9, o);
  for (int i = 0; i < 22; ++i) {
    const auto xa = a.ask(1), xb = b.ask(1);
    a.tell(xa, {bowl(xa[0])});
    b.tell(xb, {bowl(xb[0])});
  }
  EXPECT_EQ(a.ask(3)[0], b.ask(1)[0]);
}

GaussianProcess four_point_gp() {
  GaussianProcess gp(2);
  Eigen::MatrixXd x(4, 2);
  x << 0.1, 0.1, 0.9, 0.2, 0.5, 0.8, 0.4, 0.4;
  gp.set_data(x, Eigen::Vector4d(1.0, 2.0, 0.5, 0.2));
  return gp;
}

TEST(GpBo, AcquisitionMaximiserIsNoWorseThanItsStarts) {
  const GaussianProcess gp = four_point_gp();
  GpBoOptions o = small_options();
  std::mt19937_64 gen(1);
  const Eigen::MatrixXd best = maximise_acquisition(gp, o, gen);
  ASSERT_EQ(best.rows(), o.n_starts);
  const Eigen::VectorXd values = acquisition_values(gp, best, o);
  // Sorted by decreasing acquisition, inside the unit box, and at least as good as any screened candidate
  // would be on a coarse grid's best point minus a small margin.
  for (Eigen::Index i = 1; i < values.size(); ++i) EXPECT_GE(values(i - 1), values(i));
  EXPECT_GE(best.minCoeff(), 0.0);
  EXPECT_LE(best.maxCoeff(), 1.0);
  Eigen::MatrixXd grid(21 * 21, 2);
  for (int i = 0; i <= 20; ++i) {
    for (int j = 0; j <= 20; ++j) grid.row(i * 21 + j) << i / 20.0, j / 20.0;
  }
  EXPECT_GE(values(0), acquisition_values(gp, grid, o).maxCoeff() - 0.05);
}

TEST(GpBo, AcquisitionGradientMatchesFiniteDifferences) {
  const GaussianProcess gp = four_point_gp();
  for (const std::string acquisition : {"lcb", "ei"}) {
    GpBoOptions o = small_options();
    o.acquisition = acquisition;
    Eigen::MatrixXd x(2, 2);
    x << 0.3, 0.6, 0.7, 0.45;
    const AcquisitionGradient g = acquisition_gradient(gp, x, o);
    const double h = 1e-6;
    for (Eigen::Index i = 0; i < 2; ++i) {
      EXPECT_NEAR(g.values(i), acquisition_values(gp, x.row(i), o)(0), 1e-12);
      for (Eigen::Index k = 0; k < 2; ++k) {
        Eigen::MatrixXd plus = x.row(i), minus = x.row(i);
        plus(0, k) += h;
        minus(0, k) -= h;
        const double fd = (acquisition_values(gp, plus, o)(0) - acquisition_values(gp, minus, o)(0)) / (2 * h);
        EXPECT_NEAR(g.gradient(i, k), fd, 1e-6) << acquisition << " " << i << "," << k;
      }
    }
  }
}

}  // namespace
}  // namespace vec2midi::optim
