#include "vae/training_checkpoint.hpp"

#include <fstream>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "io/error.hpp"
#include "support/shared_data.hpp"
#include "training_fixture.hpp"
#include "vae/model_io.hpp"
#include "vae/vae_trainer.hpp"

namespace vec2midi::vae {
namespace {

TEST(TrainingCheckpoint, RoundTripKeepsEveryPart) {
  const music::WindowDataset data = testing::synthetic_windows(5, 3, 8);
  TrainVaeOptions o;
  o.batch_size = 4;
  o.seed = 99;
  VaeTrainer t(testing::tiny_trainable_vae(1), data, o);
  t.step();
  t.step();
  const TrainingCheckpoint c = t.checkpoint();
  const auto path = vec2midi::testing::temp_dir("ckpt_roundtrip") / "c.safetensors";
  save_training_checkpoint(c, path);
  const TrainingCheckpoint back = load_training_checkpoint(path);
  EXPECT_EQ(back.step, 2);
  EXPECT_EQ(back.options, o);
  EXPECT_EQ(back.cursor.order, c.cursor.order);
  EXPECT_EQ(back.cursor.position, c.cursor.position);
  EXPECT_EQ(back.data_fingerprint, c.data_fingerprint);
  ASSERT_EQ(back.adam.size(), c.adam.size());
  for (const auto& [name, slot] : c.adam) {
    EXPECT_EQ(back.adam.at(name).step, 2) << name;
    EXPECT_TRUE(torch::equal(back.adam.at(name).exp_avg_sq, slot.exp_avg_sq)) << name;
  }
  const auto a = c.model->magenta_variables();
  const auto b = back.model->magenta_variables();
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(torch::equal(a[i].second, b[i].second)) << a[i].first;
}

TEST(TrainingCheckpoint, AModelFileIsNotACheckpoint) {
  const auto path = vec2midi::testing::temp_dir("ckpt_wrong") / "model.safetensors";
  save_music_vae(*testing::tiny_trainable_vae(1), path);
  try {
    load_training_checkpoint(path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("model.safetensors"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace vec2midi::vae
