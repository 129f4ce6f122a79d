#include "optim/gaussian_process.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "optim/matern_kernel.hpp"

namespace vec2midi::optim {
namespace {

// Matérn-5/2 written out for one pair of scalars (R&W 2006 eq. 4.17).
double matern(double a, double b, double ell, double s2) {
  const double r = std::abs(a - b) / ell;
  return s2 * (1.0 + std::sqrt(5.0) * r + 5.0 * r * r / 3.0) * std::exp(-std::sqrt(5.0) * r);
}

// Deterministic scattered points in [0, 1]^d.
Eigen::MatrixXd points(Eigen::Index n, Eigen::Index d, double phase) {
  Eigen::MatrixXd x(n, d);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index k = 0; k < d; ++k) {
      x(i, k) = 0.5 + 0.5 * std::sin(phase + 12.9898 * double(i + 1) + 78.233 * double(k + 1) + 0.37 * double(i * k));
    }
  }
  return x;
}

Eigen::VectorXd smooth_targets(const Eigen::MatrixXd& x) {
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) y(i) = std::sin(3.0 * x(i, 0)) + 0.5 * std::cos(2.0 * x.row(i).sum());
  return y;
}

double sample_std(const Eigen::VectorXd& y) {
  return std::sqrt((y.array() - y.mean()).square().sum() / double(y.size() - 1));
}

TEST(GaussianProcess, PosteriorOnTwoPointsMatchesTheHandFormula) {
  GaussianProcess gp(1);
  gp.set_hyperparameters({.lengthscales = {0.5}, .outputscale = 1.0, .noise = 0.01});
  gp.set_data(Eigen::Vector2d(0.0, 1.0), Eigen::Vector2d(0.0, 2.0));
  // Standardised targets: mean 1, sample std sqrt(2) -> (-1/√2, 1/√2).
  const double ys[2] = {-1.0 / std::sqrt(2.0), 1.0 / std::sqrt(2.0)};
  const double k00 = 1.0 + 0.01, k01 = matern(0, 1, 0.5, 1.0);
  const double det = k00 * k00 - k01 * k01;
  const double inv[2][2] = {{k00 / det, -k01 / det}, {-k01 / det, k00 / det}};
  const double xs = 0.3;
  const double ks[2] = {matern(xs, 0, 0.5, 1.0), matern(xs, 1, 0.5, 1.0)};
  double mean = 0.0, quad = 0.0;
  for (int i = 0; i < 2; ++i) {
    for (int j = 0; j < 2; ++j) {
      mean += ks[i] * inv[i][j] * ys[j];
      quad += ks[i] * inv[i][j] * ks[j];
    }
  }
  const GpPosterior post = gp.predict(Eigen::MatrixXd::Constant(1, 1, xs));
  EXPECT_NEAR(post.mean(0), 1.0 + std::sqrt(2.0) * mean, 1e-10);
  EXPECT_NEAR(post.variance(0), 2.0 * (1.0 - quad), 1e-10);
}

TEST(GaussianProcess, IncrementalUpdateEqualsRefactoring) {
  const Eigen::MatrixXd x = points(30, 4, 0.0);
  // Targets chosen so that the first 20 and all 30 have the same mean (0) and sample std: add_observation()
  // keeps the standardisation of the first 20, set_data() recomputes it, and with equal ones the two
  // posteriors (mean and variance) must agree.
  Eigen::VectorXd first = smooth_targets(x.topRows(20));
  first.array() -= first.mean();
  const double a = std::sqrt(first.squaredNorm() / 19.0);
  Eigen::VectorXd y(30);
  y.head(20) = first;
  for (int i = 0; i < 10; ++i) y(20 + i) = (i % 2 == 0 ? a : -a);
  ASSERT_NEAR(sample_std(y), sample_std(first), 1e-12);
  GaussianProcess full(4), grown(4);
  full.set_data(x, y);
  grown.set_data(x.topRows(20), first);
  for (Eigen::Index i = 20; i < 30; ++i) grown.add_observation(x.row(i).transpose(), y(i));
  const Eigen::MatrixXd xs = points(5, 4, 1.0);
  const GpPosterior g = grown.predict(xs), f = full.predict(xs);
  EXPECT_EQ(grown.size(), 30);
  for (Eigen::Index i = 0; i < 5; ++i) {
    EXPECT_NEAR(g.mean(i), f.mean(i), 1e-9);
    EXPECT_NEAR(g.variance(i), f.variance(i), 1e-10);
  }
  EXPECT_NEAR(grown.log_marginal_likelihood(), full.log_marginal_likelihood(), 1e-8);
}

TEST(GaussianProcess, GrowsPastItsStorageOneObservationAtATime) {
  // 10 points, then 300 more one by one (the storage grows at least once): the factor and weights still give
  // the LML computed from scratch with the first 10 points' standardisation.
  const Eigen::MatrixXd x = points(310, 2, 0.5);
  const Eigen::VectorXd y = smooth_targets(x);
  GaussianProcess gp(2);
  gp.set_hyperparameters({.lengthscales = {0.3, 0.6}, .outputscale = 1.2, .noise = 0.05});
  gp.set_data(x.topRows(10), y.head(10));
  for (Eigen::Index i = 10; i < 310; ++i) gp.add_observation(x.row(i).transpose(), y(i));
  const double mean = y.head(10).mean(), sd = sample_std(y.head(10));
  const Eigen::VectorXd standardised = (y.array() - mean) / sd;
  const LmlValue direct = log_marginal_likelihood(x, standardised, gp.hyperparameters());
  EXPECT_NEAR(gp.log_marginal_likelihood(), direct.value, 1e-6 * std::abs(direct.value));
  EXPECT_EQ(gp.inputs().rows(), 310);
  EXPECT_DOUBLE_EQ(gp.targets()(309), y(309));
}

TEST(GaussianProcess, ABlockOfObservationsEqualsAddingThemOneByOne) {
  // 10 points, then 300 in blocks of 1, 7 and 64 (the storage grows inside a block) against one at a time.
  const Eigen::MatrixXd x = points(310, 3, 0.25);
  const Eigen::VectorXd y = smooth_targets(x);
  GaussianProcess single(3), blocks(3);
  for (GaussianProcess* gp : {&single, &blocks}) {
    gp->set_hyperparameters({.lengthscales = {0.4, 0.5, 0.7}, .outputscale = 1.1, .noise = 0.02});
    gp->set_data(x.topRows(10), y.head(10));
  }
  for (Eigen::Index i = 10; i < 310; ++i) single.add_observation(x.row(i).transpose(), y(i));
  Eigen::Index at = 10;
  for (const Eigen::Index q : {1, 7, 64, 64, 64, 64, 36}) {
    blocks.add_observations(x.middleRows(at, q), y.segment(at, q));
    at += q;
  }
  ASSERT_EQ(at, 310);
  EXPECT_EQ(blocks.size(), 310);
  const Eigen::MatrixXd xs = points(6, 3, 2.0);
  const GpPosterior a = single.predict(xs), b = blocks.predict(xs);
  for (Eigen::Index i = 0; i < xs.rows(); ++i) {
    EXPECT_NEAR(a.mean(i), b.mean(i), 1e-8);
    EXPECT_NEAR(a.variance(i), b.variance(i), 1e-9);
  }
  EXPECT_NEAR(single.log_marginal_likelihood(), blocks.log_marginal_likelihood(), 1e-6);
  EXPECT_THROW(blocks.add_observations(Eigen::MatrixXd(2, 2), Eigen::VectorXd(2)), InputError);
}

TEST(GaussianProcess, MeanGradientAloneEqualsTheFullGradients) {
  const Eigen::MatrixXd x = points(40, 3, 0.1);
  GaussianProcess gp(3);
  gp.set_data(x, smooth_targets(x));
  const Eigen::MatrixXd xs = points(5, 3, 3.0);
  const Eigen::MatrixXd alone = gp.mean_gradient(xs);
  const Eigen::MatrixXd full = gp.predict_with_gradient(xs).mean_gradient;
  EXPECT_LT((alone - full).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(GaussianProcess, LogMarginalLikelihoodGradientMatchesFiniteDifferences) {
  const Eigen::MatrixXd x = points(25, 3, 0.2);
  Eigen::VectorXd y = smooth_targets(x);
  y = (y.array() - y.mean()) / sample_std(y);
  const GpHyperparameters base{.lengthscales = {0.4, 0.8, 1.5}, .outputscale = 0.9, .noise = 0.03};
  const LmlValue value = log_marginal_likelihood(x, y, base);
  ASSERT_EQ(value.gradient.size(), 5);
  const double h = 1e-6;
  for (int j = 0; j < 5; ++j) {
    auto moved = [&](double step) {
      GpHyperparameters p = base;
      if (j < 3) p.lengthscales[size_t(j)] *= std::exp(step);
      if (j == 3) p.outputscale *= std::exp(step);
      if (j == 4) p.noise *= std::exp(step);
      return log_marginal_likelihood(x, y, p).value;
    };
    const double fd = (moved(h) - moved(-h)) / (2 * h);
    EXPECT_NEAR(value.gradient(j), fd, 1e-5 * std::max(1.0, std::abs(fd))) << j;
  }
}

TEST(GaussianProcess, PosteriorGradientMatchesFiniteDifferences) {
  const Eigen::MatrixXd x = points(40, 3, 0.7);
  GaussianProcess gp(3);
  gp.set_hyperparameters({.lengthscales = {0.3, 0.5, 0.9}, .outputscale = 1.1, .noise = 0.02});
  gp.set_data(x, smooth_targets(x) * 3.0);
  const Eigen::MatrixXd xs = points(3, 3, 2.3);
  const GpPosteriorGradient grad = gp.predict_with_gradient(xs);
  const GpPosterior post = gp.predict(xs);
  const double h = 1e-6;
  for (Eigen::Index i = 0; i < 3; ++i) {
    EXPECT_NEAR(grad.posterior.mean(i), post.mean(i), 1e-12);
    EXPECT_NEAR(grad.posterior.variance(i), post.variance(i), 1e-12);
    for (Eigen::Index k = 0; k < 3; ++k) {
      Eigen::MatrixXd plus = xs.row(i), minus = xs.row(i);
      plus(0, k) += h;
      minus(0, k) -= h;
      const GpPosterior p = gp.predict(plus), m = gp.predict(minus);
      EXPECT_NEAR(grad.mean_gradient(i, k), (p.mean(0) - m.mean(0)) / (2 * h), 1e-6) << i << "," << k;
      EXPECT_NEAR(grad.variance_gradient(i, k), (p.variance(0) - m.variance(0)) / (2 * h), 1e-6) << i << "," << k;
    }
  }
}

TEST(GaussianProcess, FittingIncreasesTheLogMarginalLikelihood) {
  const Eigen::MatrixXd x = points(40, 2, 0.3);
  Eigen::VectorXd y(40);
  for (Eigen::Index i = 0; i < 40; ++i) y(i) = std::sin(6 * x(i, 0)) + 0.05 * std::sin(97.0 * double(i));
  GaussianProcess gp(2);
  gp.set_data(x, y);
  const double before = gp.log_marginal_likelihood();
  gp.fit({.n_steps = 60});
  EXPECT_GT(gp.log_marginal_likelihood(), before + 1.0);
  // The irrelevant second input gets the longer lengthscale.
  EXPECT_GT(gp.hyperparameters().lengthscales[1], gp.hyperparameters().lengthscales[0]);
}

TEST(GaussianProcess, RefittedIsSetDataThenFitFactoredOnce) {
  // The refit of a copy of the data (GpBo's background refit) reaches the same GP as fitting in place.
  const Eigen::MatrixXd x = points(30, 2, 0.7);
  const Eigen::VectorXd y = smooth_targets(x);
  GaussianProcess in_place(2);
  in_place.set_data(x, y);
  const GpHyperparameters start = in_place.hyperparameters();
  in_place.fit({.n_steps = 20, .max_points = 25});
  const GaussianProcess copy = GaussianProcess::refitted(x, y, start, {.n_steps = 20, .max_points = 25});
  EXPECT_EQ(copy.hyperparameters().lengthscales, in_place.hyperparameters().lengthscales);
  EXPECT_EQ(copy.hyperparameters().noise, in_place.hyperparameters().noise);
  EXPECT_NE(copy.hyperparameters().lengthscales, start.lengthscales);  // it did fit
  const Eigen::MatrixXd test = points(5, 2, 0.1);
  EXPECT_EQ(copy.predict(test).mean, in_place.predict(test).mean);
  EXPECT_EQ(copy.predict(test).variance, in_place.predict(test).variance);
  EXPECT_THROW(fit_hyperparameters(x, y.head(3), start, {}), InputError);
}

TEST(GaussianProcess, JointSamplesHaveThePosteriorMeanAndCovariance) {
  GaussianProcess gp(1);
  gp.set_data(Eigen::Vector2d(0.0, 1.0), Eigen::Vector2d(0.0, 2.0));
  std::mt19937_64 gen(3);
  const Eigen::MatrixXd xs = Eigen::Vector2d(0.25, 0.75);
  const Eigen::MatrixXd draws = gp.sample_joint(xs, 20000, gen);  // [20000, 2]
  const GpPosterior post = gp.predict(xs);
  const Eigen::RowVectorXd mean = draws.colwise().mean();
  EXPECT_NEAR(mean(0), post.mean(0), 0.03);
  EXPECT_NEAR(mean(1), post.mean(1), 0.03);
  const Eigen::MatrixXd centred = draws.rowwise() - mean;
  const Eigen::MatrixXd cov = centred.transpose() * centred / double(draws.rows() - 1);
  EXPECT_NEAR(cov(0, 0), post.variance(0), 0.05 * post.variance(0));
  EXPECT_NEAR(cov(1, 1), post.variance(1), 0.05 * post.variance(1));
}

TEST(GaussianProcess, RefusesBadShapes) {
  GaussianProcess gp(2);
  EXPECT_THROW(gp.set_data(Eigen::MatrixXd::Zero(3, 3), Eigen::VectorXd::Zero(3)), InputError);
  EXPECT_THROW(gp.set_data(Eigen::MatrixXd::Zero(3, 2), Eigen::VectorXd::Zero(2)), InputError);
  EXPECT_THROW(gp.predict(Eigen::MatrixXd::Zero(1, 2)), Error);  // no data yet
  gp.set_data(points(4, 2, 0.0), Eigen::Vector4d(1, 2, 3, 4));
  EXPECT_THROW(gp.predict(Eigen::MatrixXd::Zero(1, 3)), InputError);
  EXPECT_THROW(gp.set_hyperparameters({.lengthscales = {1.0}}), InputError);
}

}  // namespace
}  // namespace vec2midi::optim
