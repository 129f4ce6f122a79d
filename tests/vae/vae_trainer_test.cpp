#include "vae/vae_trainer.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "io/error.hpp"
#include "support/shared_data.hpp"
#include "training_fixture.hpp"

namespace vec2midi::vae {
namespace {

TrainVaeOptions tiny_run_options() {
  TrainVaeOptions o;
  o.batch_size = 8;
  o.learning_rate = 0.01;
  o.sampling_rate = 10;  // scheduled sampling active within a few steps
  o.beta_rate = 0.9;
  o.free_bits = 1;
  o.validation_fraction = 0.2;
  o.seed = 17;
  return o;
}

std::vector<double> losses(VaeTrainer& t, int n) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(t.step().loss);
  return out;
}

TEST(VaeTrainer, LossFallsOnASmallDataset) {
  const music::WindowDataset data = testing::synthetic_windows(10, 4, 8);
  TrainVaeOptions o = tiny_run_options();
  o.learning_rate = 0.03;
  VaeTrainer t(testing::tiny_trainable_vae(1), data, o);
  const std::vector<double> l = losses(t, 60);
  double first = 0, last = 0;
  for (int i = 0; i < 10; ++i) first += l[static_cast<size_t>(i)] / 10;
  for (int i = 50; i < 60; ++i) last += l[static_cast<size_t>(i)] / 10;
  EXPECT_LT(last, 0.6 * first);
}

TEST(VaeTrainer, SameSeedGivesTheSameLossCurve) {
  const music::WindowDataset data = testing::synthetic_windows(10, 4, 8);
  VaeTrainer a(testing::tiny_trainable_vae(2), data, tiny_run_options());
  VaeTrainer b(testing::tiny_trainable_vae(2), data, tiny_run_options());
  EXPECT_EQ(losses(a, 8), losses(b, 8));
}

TEST(VaeTrainer, ResumedRunRepeatsTheUninterruptedLossCurve) {
  const music::WindowDataset data = testing::synthetic_windows(10, 4, 8);
  VaeTrainer reference(testing::tiny_trainable_vae(3), data, tiny_run_options());
  const std::vector<double> full = losses(reference, 12);

  VaeTrainer first(testing::tiny_trainable_vae(3), data, tiny_run_options());
  std::vector<double> resumed = losses(first, 7);  // 7 steps of 8 cross the 32-window epoch
  const auto path = vec2midi::testing::temp_dir("trainer_resume") / "ckpt.safetensors";
  save_training_checkpoint(first.checkpoint(), path);
  VaeTrainer second(load_training_checkpoint(path), data);
  EXPECT_EQ(second.global_step(), 7);
  for (const double l : losses(second, 5)) resumed.push_back(l);
  ASSERT_EQ(resumed.size(), full.size());
  for (size_t i = 0; i < full.size(); ++i) EXPECT_NEAR(resumed[i], full[i], 1e-6 * std::abs(full[i])) << "step " << i + 1;
}

TEST(VaeTrainer, ResumeRefusesOtherData) {
  const music::WindowDataset data = testing::synthetic_windows(10, 4, 8);
  VaeTrainer t(testing::tiny_trainable_vae(3), data, tiny_run_options());
  t.step();
  const music::WindowDataset other = testing::synthetic_windows(11, 4, 8);
  EXPECT_THROW(VaeTrainer(t.checkpoint(), other), InputError);
}

TEST(VaeTrainer, FrozenDecoderDoesNotMove) {
  const music::WindowDataset data = testing::synthetic_windows(6, 4, 8);
  TrainVaeOptions o = tiny_run_options();
  o.train_decoder = false;
  MusicVae vae = testing::tiny_trainable_vae(4);
  std::vector<std::pair<std::string, torch::Tensor>> before;
  for (const auto& [name, p] : vae->magenta_variables()) before.emplace_back(name, p.detach().clone());
  VaeTrainer t(vae, data, o);
  losses(t, 5);
  size_t i = 0;
  for (const auto& [name, p] : vae->magenta_variables()) {
    const bool same = torch::equal(p, before[i++].second);
    if (name.rfind("decoder/", 0) == 0) {
      EXPECT_TRUE(same) << name;
    } else if (name.find("kernel") != std::string::npos) {
      EXPECT_FALSE(same) << name;
    }
  }
}

TEST(VaeTrainer, HugeGradientNormSkipsTheUpdate) {
  const music::WindowDataset data = testing::synthetic_windows(6, 4, 8);
  TrainVaeOptions o = tiny_run_options();
  o.grad_norm_clip_to_zero = 1e-9;  // every step's norm is "huge"
  VaeTrainer t(testing::tiny_trainable_vae(5), data, o);
  const TrainStepStats s = t.step();
  EXPECT_TRUE(s.skipped);
  EXPECT_GT(s.grad_norm, 0.0);
}

TEST(VaeTrainer, ValidationUsesOnlyHeldOutWindows) {
  const music::WindowDataset data = testing::synthetic_windows(10, 4, 8);
  VaeTrainer t(testing::tiny_trainable_vae(6), data, tiny_run_options());
  const ValidationStats v = t.validate(1000);
  EXPECT_EQ(v.n_windows, static_cast<int64_t>(t.split().validation.size()));
  EXPECT_EQ(v.n_windows, 8);  // 2 of 10 files, 4 windows each
  EXPECT_GE(v.accuracy, 0.0);
  EXPECT_LE(v.accuracy, 1.0);
}

TEST(VaeTrainer, DecoderOnlyModelCannotBeTrained) {
  MusicVaeOptions o = testing::tiny_training_options();
  o.has_encoder = false;
  const music::WindowDataset data = testing::synthetic_windows(4, 2, 8);
  EXPECT_THROW(VaeTrainer(MusicVae(o), data, tiny_run_options()), InputError);
}

}  // namespace
}  // namespace vec2midi::vae
