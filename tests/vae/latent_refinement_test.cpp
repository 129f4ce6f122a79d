#include "vae/latent_refinement.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "training_fixture.hpp"
#include "vae/elbo.hpp"
#include "vae/training_forward.hpp"

namespace vec2midi::vae {
namespace {

// Teacher-forced cross-entropy of each window under z, recomputed with the model's own decode_logits.
torch::Tensor window_cross_entropy(MusicVaeImpl& vae, const torch::Tensor& z, const torch::Tensor& events) {
  torch::NoGradGuard g;
  const torch::Tensor logits = vae.decode_logits(z, events_one_hot(events, vae.options().n_events));  // [B, T, V]
  return torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(2)}), events.reshape({-1}),
                                              torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone))
      .reshape(events.sizes())
      .sum(1);
}

struct Fixture {
  MusicVae vae = testing::tiny_trainable_vae(5);
  torch::Tensor events;
  torch::Tensor mu;
  Fixture() {
    const music::WindowDataset d = testing::synthetic_windows(2, 3, 8);
    events = torch::from_blob(const_cast<uint8_t*>(d.events.data()), {6, 8}, torch::kUInt8).to(torch::kInt64);
    torch::NoGradGuard g;
    mu = vae->encode(events_one_hot(events, 90)).mu;
  }
};

TEST(LatentRefinement, ZeroStepsReturnsTheStartingPoint) {
  Fixture f;
  const torch::Tensor z = refine_latents(*f.vae, f.events, f.mu, {.n_steps = 0});
  EXPECT_TRUE(torch::equal(z, f.mu));
}

TEST(LatentRefinement, LowersEachWindowsCrossEntropy) {
  Fixture f;
  const torch::Tensor before = window_cross_entropy(*f.vae, f.mu, f.events);
  const torch::Tensor z = refine_latents(*f.vae, f.events, f.mu, {.n_steps = 40, .learning_rate = 0.1});
  const torch::Tensor after = window_cross_entropy(*f.vae, z, f.events);
  EXPECT_EQ(z.sizes(), f.mu.sizes());
  EXPECT_FALSE(z.requires_grad());
  for (int64_t b = 0; b < 6; ++b) EXPECT_LT(after[b].item<double>(), before[b].item<double>()) << "window " << b;
}

TEST(LatentRefinement, WindowsAreRefinedIndependently) {
  // Refining a window alone gives the same z as refining it inside a batch (Adam is per coordinate).
  Fixture f;
  const LatentRefinementOptions o{.n_steps = 10, .learning_rate = 0.1};
  const torch::Tensor all = refine_latents(*f.vae, f.events, f.mu, o);
  const torch::Tensor one = refine_latents(*f.vae, f.events.slice(0, 2, 3), f.mu.slice(0, 2, 3), o);
  EXPECT_TRUE(torch::allclose(all.slice(0, 2, 3), one, 1e-5, 1e-5));
}

TEST(LatentRefinement, LeavesTheModelUntouched) {
  Fixture f;
  std::vector<torch::Tensor> before;
  for (const auto& p : f.vae->parameters()) before.push_back(p.detach().clone());
  refine_latents(*f.vae, f.events, f.mu, {.n_steps = 5, .learning_rate = 0.1});
  const auto after = f.vae->parameters();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_TRUE(torch::equal(after[i], before[i]));
    EXPECT_FALSE(after[i].grad().defined() && after[i].grad().abs().sum().item<double>() > 0);
  }
}

TEST(LatentRefinement, PriorWeightPullsTowardsTheOrigin) {
  Fixture f;
  const torch::Tensor far = f.mu + 3.0;
  const torch::Tensor free = refine_latents(*f.vae, f.events, far, {.n_steps = 30, .learning_rate = 0.1});
  const torch::Tensor pulled =
      refine_latents(*f.vae, f.events, far, {.n_steps = 30, .learning_rate = 0.1, .prior_weight = 10.0});
  EXPECT_LT(pulled.norm().item<double>(), free.norm().item<double>());
}

}  // namespace
}  // namespace vec2midi::vae
