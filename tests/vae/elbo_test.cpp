#include "vae/elbo.hpp"

#include <cmath>

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace vec2midi::vae {
namespace {

TEST(Elbo, KlOfStandardNormalIsZero) {
  const Posterior q{torch::zeros({3, 5}), torch::ones({3, 5})};
  EXPECT_TRUE(torch::allclose(kl_divergence_standard_normal(q), torch::zeros({3}), 0, 1e-7));
}

TEST(Elbo, KlMatchesClosedFormPerDimension) {
  // KL(N(1, 2²) || N(0, 1)) = (1 + 4 - 1)/2 - ln 2; two such dimensions sum.
  const Posterior q{torch::ones({1, 2}), torch::full({1, 2}, 2.0)};
  EXPECT_NEAR(kl_divergence_standard_normal(q).item<double>(), 2 * (2.0 - std::log(2.0)), 1e-5);
}

TEST(Elbo, UniformLogitsCostLogVPerStep) {
  const torch::Tensor logits = torch::zeros({2, 4, 90});
  const torch::Tensor targets = torch::randint(0, 90, {2, 4}, torch::kInt64);
  const torch::Tensor r = sequence_cross_entropy(logits, targets);
  EXPECT_TRUE(torch::allclose(r, torch::full({2}, 4 * std::log(90.0)), 1e-5));
}

TEST(Elbo, FreeBitsAreSubtractedInNatsAndClampedAtZero) {
  const torch::Tensor logits = torch::zeros({2, 1, 3});
  const torch::Tensor targets = torch::zeros({2, 1}, torch::kInt64);
  // Sequence 0: KL 2·(2 - ln 2) ≈ 2.61 nats; sequence 1: KL 0.
  const Posterior q{torch::cat({torch::ones({1, 2}), torch::zeros({1, 2})}),
                    torch::cat({torch::full({1, 2}, 2.0), torch::ones({1, 2})})};
  const ElboTerms t = elbo(logits, targets, q, 1.0, /*free_bits=*/1.0);
  const double kl0 = 2 * (2.0 - std::log(2.0));
  EXPECT_NEAR(t.kl_cost[0].item<double>(), kl0 - std::log(2.0), 1e-5);
  EXPECT_EQ(t.kl_cost[1].item<double>(), 0.0);
}

TEST(Elbo, LossIsMeanReconstructionPlusBetaTimesMeanKlCost) {
  const torch::Tensor logits = torch::randn({3, 5, 90});
  const torch::Tensor targets = torch::randint(0, 90, {3, 5}, torch::kInt64);
  const Posterior q{torch::randn({3, 4}), torch::rand({3, 4}) + 0.5};
  const ElboTerms t = elbo(logits, targets, q, 0.3, 0.0);
  EXPECT_NEAR(t.loss.item<double>(), t.reconstruction.mean().item<double>() + 0.3 * t.kl.mean().item<double>(), 1e-5);
}

TEST(Elbo, CorrectMarksArgmaxHits) {
  torch::Tensor logits = torch::zeros({1, 2, 3});
  logits[0][0][2] = 5.0;
  logits[0][1][0] = 5.0;
  const torch::Tensor targets = torch::tensor({{2, 1}}, torch::kInt64);
  const ElboTerms t = elbo(logits, targets, Posterior{}, 0.0, 0.0);
  EXPECT_TRUE(t.correct[0][0].item<bool>());
  EXPECT_FALSE(t.correct[0][1].item<bool>());
}

TEST(Elbo, KlGradientMatchesFiniteDifference) {
  torch::Tensor mu = torch::tensor({{0.3, -0.7}}, torch::dtype(torch::kDouble).requires_grad(true));
  torch::Tensor sigma = torch::tensor({{0.8, 1.4}}, torch::dtype(torch::kDouble).requires_grad(true));
  kl_divergence_standard_normal({mu, sigma}).sum().backward();
  const double h = 1e-6;
  auto kl_at = [](double m, double s) { return 0.5 * (m * m + s * s - 1) - std::log(s); };
  EXPECT_NEAR(mu.grad()[0][0].item<double>(), (kl_at(0.3 + h, 0.8) - kl_at(0.3 - h, 0.8)) / (2 * h), 1e-6);
  EXPECT_NEAR(sigma.grad()[0][1].item<double>(), (kl_at(-0.7, 1.4 + h) - kl_at(-0.7, 1.4 - h)) / (2 * h), 1e-6);
}

}  // namespace
}  // namespace vec2midi::vae
