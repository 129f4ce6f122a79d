#include "optim/gaussian_process.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "optim/matern_kernel.hpp"

namespace vec2midi::optim {
namespace {

const auto kF64 = torch::TensorOptions().dtype(torch::kFloat64);

// Matérn-5/2 written out for one pair of scalars (R&W 2006 eq. 4.17).
double matern(double a, double b, double ell, double s2) {
  const double r = std::abs(a - b) / ell;
  return s2 * (1.0 + std::sqrt(5.0) * r + 5.0 * r * r / 3.0) * std::exp(-std::sqrt(5.0) * r);
}

TEST(Matern52, IsSymmetricWithOutputscaleOnTheDiagonal) {
  torch::manual_seed(0);
  const torch::Tensor x = torch::rand({6, 3}, kF64);
  const torch::Tensor k = matern52(x, x, torch::tensor({0.3, 0.5, 2.0}, kF64), torch::tensor(1.7, kF64));
  EXPECT_TRUE(torch::allclose(k, k.t()));
  EXPECT_TRUE(torch::allclose(torch::diagonal(k), torch::full({6}, 1.7, kF64)));
  EXPECT_GT(torch::linalg_eigvalsh(k).min().item<double>(), 0.0);
}

TEST(Matern52, GradientMatchesFiniteDifferences) {
  const torch::Tensor x = torch::tensor({{0.2, 0.7}}, kF64).requires_grad_(true);
  const torch::Tensor y = torch::tensor({{0.5, 0.1}}, kF64);
  const torch::Tensor ls = torch::tensor({0.4, 0.9}, kF64);
  const torch::Tensor s2 = torch::tensor(1.0, kF64);
  matern52(x, y, ls, s2).sum().backward();
  const double h = 1e-6;
  for (int k = 0; k < 2; ++k) {
    torch::Tensor xp = x.detach().clone(), xm = x.detach().clone();
    xp[0][k] += h;
    xm[0][k] -= h;
    const double fd = (matern52(xp, y, ls, s2).item<double>() - matern52(xm, y, ls, s2).item<double>()) / (2 * h);
    EXPECT_NEAR(x.grad()[0][k].item<double>(), fd, 1e-6);
  }
}

TEST(GaussianProcess, PosteriorOnTwoPointsMatchesTheHandFormula) {
  GaussianProcess gp(1);
  gp.set_hyperparameters({.lengthscales = {0.5}, .outputscale = 1.0, .noise = 0.01});
  gp.set_data(torch::tensor({{0.0}, {1.0}}, kF64), torch::tensor({0.0, 2.0}, kF64));
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
  const GpPosterior post = gp.predict(torch::tensor({{xs}}, kF64));
  EXPECT_NEAR(post.mean.item<double>(), 1.0 + std::sqrt(2.0) * mean, 1e-10);
  EXPECT_NEAR(post.variance.item<double>(), 2.0 * (1.0 - quad), 1e-10);
}

TEST(GaussianProcess, IncrementalUpdateEqualsRefactoring) {
  torch::manual_seed(1);
  const torch::Tensor x = torch::rand({30, 4}, kF64);
  // Targets chosen so that the first 20 and all 30 have the same mean (0) and sample std: add_observation()
  // keeps the standardisation of the first 20, set_data() recomputes it, and with equal ones the two
  // posteriors (mean and variance) must agree exactly.
  torch::Tensor first = torch::sin(3 * x.narrow(0, 0, 20)).sum(1);
  first = first - first.mean();
  const double a = std::sqrt((first * first).sum().item<double>() / 19.0);
  const torch::Tensor rest = a * torch::tensor({1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0}, kF64);
  const torch::Tensor y = torch::cat({first, rest});
  ASSERT_NEAR(y.std().item<double>(), first.std().item<double>(), 1e-12);
  GaussianProcess full(4), grown(4);
  full.set_data(x, y);
  grown.set_data(x.narrow(0, 0, 20), first);
  for (int64_t i = 20; i < 30; ++i) grown.add_observation(x[i], y[i].item<double>());
  const torch::Tensor xs = torch::rand({5, 4}, kF64);
  const GpPosterior g = grown.predict(xs);
  const GpPosterior f = full.predict(xs);
  EXPECT_EQ(grown.size(), 30);
  EXPECT_TRUE(torch::allclose(g.mean, f.mean, 1e-9, 1e-10)) << g.mean << f.mean;
  EXPECT_TRUE(torch::allclose(g.variance, f.variance, 1e-9, 1e-12)) << g.variance << f.variance;
  EXPECT_NEAR(grown.log_marginal_likelihood(), full.log_marginal_likelihood(), 1e-8);
}

TEST(GaussianProcess, Float32PosteriorAgreesWithFloat64AfterUpdates) {
  torch::manual_seed(2);
  const torch::Tensor x = torch::rand({200, 10}, kF64);
  const torch::Tensor y = torch::cos(2 * x).sum(1) + 0.1 * torch::randn({200}, kF64);
  GaussianProcess gp(10);
  gp.set_data(x.narrow(0, 0, 150), y.narrow(0, 0, 150));
  static_cast<void>(gp.predict_float32(x.narrow(0, 0, 4)));  // makes the float32 copies of 150 points...
  for (int64_t i = 150; i < 200; ++i) gp.add_observation(x[i], y[i].item<double>());  // ...which must follow updates
  const torch::Tensor xs = torch::rand({64, 10}, kF64);
  const GpPosterior a = gp.predict(xs);
  const GpPosterior b = gp.predict_float32(xs.to(torch::kFloat32));
  EXPECT_EQ(b.mean.scalar_type(), torch::kFloat32);
  const double spread = y.std().item<double>();
  EXPECT_LT((a.mean - b.mean.to(torch::kFloat64)).abs().max().item<double>(), 1e-3 * spread);
  EXPECT_LT((a.variance - b.variance.to(torch::kFloat64)).abs().max().item<double>(),
            1e-3 * a.variance.max().item<double>());
  // and gradients flow through the float32 posterior to the test points (the acquisition ascent needs them)
  const torch::Tensor xg = xs.to(torch::kFloat32).requires_grad_(true);
  gp.predict_float32(xg).mean.sum().backward();
  EXPECT_TRUE(xg.grad().defined());
  EXPECT_TRUE(torch::isfinite(xg.grad()).all().item<bool>());
}

TEST(GaussianProcess, FittingIncreasesTheLogMarginalLikelihood) {
  torch::manual_seed(2);
  const torch::Tensor x = torch::rand({40, 2}, kF64);
  const torch::Tensor y = torch::sin(6 * x.select(1, 0)) + 0.05 * torch::randn({40}, kF64);
  GaussianProcess gp(2);
  gp.set_data(x, y);
  const double before = gp.log_marginal_likelihood();
  gp.fit({.n_steps = 60});
  EXPECT_GT(gp.log_marginal_likelihood(), before + 1.0);
  // The irrelevant second input gets the longer lengthscale.
  EXPECT_GT(gp.hyperparameters().lengthscales[1], gp.hyperparameters().lengthscales[0]);
}

TEST(GaussianProcess, JointSamplesHaveThePosteriorMean) {
  GaussianProcess gp(1);
  gp.set_data(torch::tensor({{0.0}, {1.0}}, kF64), torch::tensor({0.0, 2.0}, kF64));
  std::mt19937_64 gen(3);
  const torch::Tensor xs = torch::tensor({{0.25}, {0.75}}, kF64);
  const torch::Tensor draws = gp.sample_joint(xs, 4000, gen);
  EXPECT_TRUE(torch::allclose(draws.mean(0), gp.predict(xs).mean, 0.0, 0.05));
}

}  // namespace
}  // namespace vec2midi::optim
