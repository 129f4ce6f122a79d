#include "vae/prior_inversion.hpp"

#include <cmath>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "training_fixture.hpp"
#include "vae/model_export.hpp"

namespace vec2midi::vae {
namespace {

TEST(PriorInversion, BatchIsTheDecoderOfItsLatents) {
  MusicVae vae = testing::tiny_trainable_vae(2);
  const std::unique_ptr<MelodyDecoder> decoder = inference_decoder(*vae);
  std::mt19937_64 gen(9);
  const PriorInversionBatch b = prior_inversion_batch(*decoder, 5, 8, 0.0, gen);
  ASSERT_EQ(b.z.sizes(), (std::vector<int64_t>{5, 4}));
  ASSERT_EQ(b.events.sizes(), (std::vector<int64_t>{5, 8}));
  EXPECT_EQ(b.events.scalar_type(), torch::kInt64);
  // Greedy: the reference decoder of the same z gives the same melodies.
  torch::NoGradGuard g;
  EXPECT_TRUE(torch::equal(b.events, vae->greedy_decode_reference(b.z, 8).to(torch::kInt64)));
}

TEST(PriorInversion, BatchesAreSeededAndDiffer) {
  MusicVae vae = testing::tiny_trainable_vae(2);
  const std::unique_ptr<MelodyDecoder> decoder = inference_decoder(*vae);
  std::mt19937_64 g1(3), g2(3);
  const PriorInversionBatch a = prior_inversion_batch(*decoder, 4, 8, 1.0, g1);
  const PriorInversionBatch b = prior_inversion_batch(*decoder, 4, 8, 1.0, g2);
  EXPECT_TRUE(torch::equal(a.z, b.z));
  EXPECT_TRUE(torch::equal(a.events, b.events));
  const PriorInversionBatch c = prior_inversion_batch(*decoder, 4, 8, 1.0, g1);
  EXPECT_FALSE(torch::equal(a.z, c.z));
}

TEST(PriorInversion, LatentNllIsTheGaussianNegativeLogDensity) {
  // One dimension by hand: z = 1, μ = 0, σ = 2: log 2 + 1/8 + ½ log 2π.
  Posterior p;
  p.mu = torch::tensor({{0.0f, 1.0f}});
  p.sigma = torch::tensor({{2.0f, 1.0f}});
  const torch::Tensor z = torch::tensor({{1.0f, 1.0f}});
  const double expected = (std::log(2.0) + 1.0 / 8.0 + 0.5 * std::log(2 * M_PI)) + (0.5 * std::log(2 * M_PI));
  EXPECT_NEAR(latent_nll(p, z).item<double>(), expected, 1e-6);
}

TEST(PriorInversion, LatentNllIsSmallestAtTheMean) {
  Posterior p;
  p.mu = torch::tensor({{0.5f, -1.0f}}).requires_grad_(true);
  p.sigma = torch::tensor({{0.3f, 0.7f}});
  const torch::Tensor at_mean = latent_nll(p, p.mu.detach());
  const torch::Tensor off = latent_nll(p, p.mu.detach() + 0.1);
  EXPECT_LT(at_mean.item<double>(), off.item<double>());
  off.sum().backward();  // autograd reaches μ
  EXPECT_TRUE(p.mu.grad().defined());
}

}  // namespace
}  // namespace vec2midi::vae
