#include "vae/latent_refinement.hpp"

#include <cmath>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "training_fixture.hpp"
#include "vae/model_export.hpp"
#include "vae/training_forward.hpp"

namespace vec2midi::vae {
namespace {

// Teacher-forced cross-entropy of each window under z, recomputed with the libtorch model's own decode_logits.
std::vector<double> window_cross_entropy(MusicVaeImpl& vae, const std::vector<float>& z, const torch::Tensor& events) {
  torch::NoGradGuard g;
  const torch::Tensor zt = torch::from_blob(const_cast<float*>(z.data()), {events.size(0), vae.options().z_size}).clone();
  const torch::Tensor logits = vae.decode_logits(zt, events_one_hot(events, vae.options().n_events));  // [B, T, V]
  const torch::Tensor ce = torch::nn::functional::cross_entropy(
                               logits.reshape({-1, logits.size(2)}), events.reshape({-1}),
                               torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone))
                               .reshape(events.sizes())
                               .sum(1);
  const torch::Tensor values = ce.to(torch::kFloat64).contiguous();
  return std::vector<double>(values.data_ptr<double>(), values.data_ptr<double>() + values.numel());
}

struct Fixture {
  MusicVae vae = testing::tiny_trainable_vae(5);
  music::WindowDataset data = testing::synthetic_windows(2, 3, 8);
  torch::Tensor events;
  std::vector<float> mu;
  TeacherForcedDecoder decoder{io::ModelFile(music_vae_safetensors(*vae, io::DType::F32), "the model in memory",
                                             music_vae_model_kind())};
  Fixture() {
    events = torch::from_blob(data.events.data(), {6, 8}, torch::kUInt8).to(torch::kInt64);
    torch::NoGradGuard g;
    const torch::Tensor m = vae->encode(events_one_hot(events, 90)).mu.contiguous();
    mu.assign(m.data_ptr<float>(), m.data_ptr<float>() + m.numel());
  }
};

TEST(LatentRefinement, ZeroStepsReturnsTheStartingPoint) {
  Fixture f;
  EXPECT_EQ(refine_latents(f.decoder, f.data.events, 8, f.mu, {.n_steps = 0}), f.mu);
}

TEST(LatentRefinement, LowersEachWindowsCrossEntropyUnderTheTrainingModel) {
  Fixture f;
  const std::vector<double> before = window_cross_entropy(*f.vae, f.mu, f.events);
  const std::vector<float> z = refine_latents(f.decoder, f.data.events, 8, f.mu, {.n_steps = 40, .learning_rate = 0.1});
  const std::vector<double> after = window_cross_entropy(*f.vae, z, f.events);
  ASSERT_EQ(z.size(), f.mu.size());
  for (size_t b = 0; b < 6; ++b) EXPECT_LT(after[b], before[b] - 0.01) << "window " << b;
}

TEST(LatentRefinement, WindowsAreRefinedIndependently) {
  // Refining a window alone gives the same z as refining it inside a batch (Adam is per coordinate).
  Fixture f;
  const LatentRefinementOptions o{.n_steps = 10, .learning_rate = 0.1};
  const int64_t zs = f.vae->options().z_size;
  const std::vector<float> all = refine_latents(f.decoder, f.data.events, 8, f.mu, o);
  const std::vector<float> one = refine_latents(f.decoder, std::span(f.data.events).subspan(16, 8), 8,
                                                std::span(f.mu).subspan(size_t(2 * zs), size_t(zs)), o);
  for (int64_t k = 0; k < zs; ++k) EXPECT_NEAR(all[size_t(2 * zs + k)], one[size_t(k)], 1e-6);
}

TEST(LatentRefinement, PriorWeightPullsTowardsTheOrigin) {
  Fixture f;
  std::vector<float> far = f.mu;
  for (auto& v : far) v += 3.0f;
  auto norm = [](const std::vector<float>& z) {
    double s = 0;
    for (float v : z) s += double(v) * v;
    return std::sqrt(s);
  };
  const auto free = refine_latents(f.decoder, f.data.events, 8, far, {.n_steps = 30, .learning_rate = 0.1});
  const auto pulled = refine_latents(f.decoder, f.data.events, 8, far, {.n_steps = 30, .learning_rate = 0.1, .prior_weight = 10.0});
  EXPECT_LT(norm(pulled), norm(free));
}

}  // namespace
}  // namespace vec2midi::vae
