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

// The points told so far and their losses.
struct Told {
  std::vector<std::vector<double>> xs;
  std::vector<double> ys;
};

// Tells `opt` n rounds of `q` points of bowl(), recording them.
void run_rounds(GpBo& opt, int n, int q, Told& told) {
  for (int r = 0; r < n; ++r) {
    const auto xs = opt.ask(q);
    std::vector<double> round;
    for (const auto& x : xs) round.push_back(bowl(x));
    opt.tell(xs, round);
    told.xs.insert(told.xs.end(), xs.begin(), xs.end());
    told.ys.insert(told.ys.end(), round.begin(), round.end());
  }
}

GpBoOptions with_refit_lag(int64_t lag, int64_t batch = 1) {
  GpBoOptions o = small_options();
  o.refit_lag = lag;
  o.batch_size = batch;
  return o;
}

TEST(GpBo, ABackgroundRefitIsTheSameRefitUsedLater) {
  // refit_lag 2: the refit started at the 5th GP point is used from the second tell after it; until then the GP
  // keeps its hyperparameters. Its hyperparameters are those of a refit at that moment.
  GpBo opt({.n_dims = 2}, 3, with_refit_lag(2));
  Told told;
  run_rounds(opt, 20 + 5, 1, told);  // the random phase and 5 GP points: the refit starts
  const GpHyperparameters before = opt.gp().hyperparameters();
  EXPECT_TRUE(opt.state().contains("refit"));
  run_rounds(opt, 1, 1, told);
  EXPECT_EQ(opt.gp().hyperparameters().lengthscales, before.lengthscales);  // one tell later: not yet
  run_rounds(opt, 1, 1, told);
  EXPECT_NE(opt.gp().hyperparameters().lengthscales, before.lengthscales);  // two: in use
  EXPECT_FALSE(opt.state().contains("refit"));
  EXPECT_EQ(opt.gp().size(), 10 + 7);
  // The same as fitting then: the GP's first 15 points (10 from the random phase, 5 later) from `before`.
  const GaussianProcess at_start = GaussianProcess::refitted(opt.gp().inputs().topRows(15), opt.gp().targets().head(15),
                                                             before, small_options().fit);
  EXPECT_EQ(opt.gp().hyperparameters().lengthscales, at_start.hyperparameters().lengthscales);
}

TEST(GpBo, ABackgroundRefitInFlightIsResumedExactly) {
  // Checkpointed while a refit runs (in rounds of 3, asked ahead): the restored optimiser starts it again and asks
  // the very same points from then on.
  GpBo a({.n_dims = 2}, 8, with_refit_lag(1, 3));
  Told told;
  run_rounds(a, 9, 3, told);  // 27 points: 7 in the GP phase, the refit started at the 5th
  ASSERT_TRUE(a.state().contains("refit"));
  const auto ahead = a.ask(3);  // pending in the state
  GpBo b({.n_dims = 2}, 0, with_refit_lag(1, 3));
  b.restore(a.state(), told.xs, told.ys);
  std::vector<double> ahead_ys;
  for (const auto& x : ahead) ahead_ys.push_back(bowl(x));
  a.tell(ahead, ahead_ys);
  b.tell(ahead, ahead_ys);
  Told after_a, after_b;
  run_rounds(a, 4, 3, after_a);
  run_rounds(b, 4, 3, after_b);
  EXPECT_EQ(after_a.xs, after_b.xs);
}

TEST(GpBo, AStateWithABadBackgroundRefitIsAnInputError) {
  GpBo a({.n_dims = 2}, 5, with_refit_lag(1));
  Told told;
  run_rounds(a, 25, 1, told);
  const nlohmann::json good = a.state();
  ASSERT_TRUE(good.contains("refit"));
  GpBo b({.n_dims = 2}, 0, with_refit_lag(1));
  EXPECT_NO_THROW(b.restore(good, told.xs, told.ys));
  nlohmann::json state = good;
  state["refit"]["from"] = 1000;  // more points than the GP holds
  EXPECT_THROW(b.restore(state, told.xs, told.ys), InputError);
  state = good;
  state["refit"]["age"] = 1;  // it would have been used already
  EXPECT_THROW(b.restore(state, told.xs, told.ys), InputError);
  GpBo c({.n_dims = 2}, 0, with_refit_lag(0));
  EXPECT_THROW(c.restore(good, told.xs, told.ys), InputError);
  EXPECT_THROW(GpBo({.n_dims = 2}, 1, with_refit_lag(-1)), InputError);
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
