#include "vae/training_forward.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "training_fixture.hpp"

namespace vec2midi::vae {
namespace {

TEST(TrainingForward, TeacherForcedEqualsTheModelsDecodeLogits) {
  MusicVae vae = testing::tiny_trainable_vae(3);
  // Larger weights than the init so that every term matters.
  {
    torch::NoGradGuard g;
    for (auto& [name, p] : vae->magenta_variables()) p.normal_(0, 0.3);
  }
  const torch::Tensor z = torch::randn({5, 4});
  const torch::Tensor targets = torch::randint(0, 90, {5, 7}, torch::kInt64);
  torch::Generator gen = at::detail::createCPUGenerator(0);
  const torch::Tensor ours = decode_scheduled(*vae, z, targets, 0.0, gen);
  const torch::Tensor reference = vae->decode_logits(z, events_one_hot(targets, 90));
  EXPECT_TRUE(torch::allclose(ours, reference, 1e-5, 1e-6));
}

TEST(TrainingForward, GradientsAgreeWithTheModelsDecodeLogits) {
  MusicVae a = testing::tiny_trainable_vae(4);
  const torch::Tensor z = torch::randn({3, 4});
  const torch::Tensor targets = torch::randint(0, 90, {3, 6}, torch::kInt64);
  torch::Generator gen = at::detail::createCPUGenerator(0);
  decode_scheduled(*a, z, targets, 0.0, gen).pow(2).sum().backward();
  std::vector<torch::Tensor> ours;
  for (auto& [name, p] : a->magenta_variables()) {
    if (name.rfind("decoder/", 0) == 0) ours.push_back(p.grad().clone());
    if (p.grad().defined()) p.mutable_grad().zero_();
  }
  a->decode_logits(z, events_one_hot(targets, 90)).pow(2).sum().backward();
  size_t i = 0;
  for (auto& [name, p] : a->magenta_variables()) {
    if (name.rfind("decoder/", 0) != 0) continue;
    EXPECT_TRUE(torch::allclose(ours[i++], p.grad(), 1e-4, 1e-6)) << name;
  }
}

TEST(TrainingForward, FullSamplingFeedsTheModelsOwnDraws) {
  MusicVae vae = testing::tiny_trainable_vae(5);
  const torch::Tensor z = torch::randn({4, 4});
  const torch::Tensor targets = torch::randint(0, 90, {4, 6}, torch::kInt64);
  torch::Generator g1 = at::detail::createCPUGenerator(11);
  torch::Generator g2 = at::detail::createCPUGenerator(11);
  torch::Generator g0 = at::detail::createCPUGenerator(11);
  const torch::Tensor sampled = decode_scheduled(*vae, z, targets, 1.0, g1);
  const torch::Tensor again = decode_scheduled(*vae, z, targets, 1.0, g2);
  const torch::Tensor forced = decode_scheduled(*vae, z, targets, 0.0, g0);
  EXPECT_TRUE(torch::equal(sampled, again));                        // seeded
  EXPECT_TRUE(torch::allclose(sampled.select(1, 0), forced.select(1, 0)));  // step 0 sees zeros either way
  EXPECT_FALSE(torch::allclose(sampled, forced));                   // later steps see other inputs
}

TEST(TrainingForward, PosteriorMeanIsUsedWhenNotSampling) {
  MusicVae vae = testing::tiny_trainable_vae(6);
  const torch::Tensor events = torch::randint(0, 90, {2, 5}, torch::kInt64);
  torch::Generator gen = at::detail::createCPUGenerator(0);
  const TrainingForward f = training_forward(*vae, events, 0.0, gen, /*sample_z=*/false);
  EXPECT_TRUE(torch::equal(f.z, f.posterior.mu));
  EXPECT_EQ(f.logits.sizes(), (std::vector<int64_t>{2, 5, 90}));
}

}  // namespace
}  // namespace vec2midi::vae
