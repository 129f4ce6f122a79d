#include "vision/embedder_trainer.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "support/shared_data.hpp"
#include "vision/centre_distances.hpp"
#include "vision/network_input.hpp"
#include "vision_fixtures.hpp"

namespace vec2midi::vision {
namespace {

TrainRunOptions quiet_run() {
  TrainRunOptions run;
  run.show_progress = false;
  return run;
}

torch::Tensor probe_embeddings(EmbedderModel& model, const TrainingSet& set) {
  return embed_images(model, set.images);
}

TEST(EmbedderTrainer, TrainsAndFitsCentresAndBaseline) {
  const auto set = fixtures::solid_colour_set(3, 40);
  TrainStats stats;
  auto model = train_embedder(set, fixtures::tiny_options(3), quiet_run(), &stats);
  ASSERT_TRUE(model.has_value());
  EXPECT_EQ(stats.n_steps, 3);
  EXPECT_TRUE(std::isfinite(stats.final_loss));
  EXPECT_EQ(model->centres.embedding_size, 9);
  EXPECT_EQ(model->centres.mean.size(), 81u);
  EXPECT_EQ(model->centres.std.size(), 81u);
  EXPECT_EQ(int64_t(model->baseline_centroids.size()), 9 * n_hue_features(model->baseline_options));
  EXPECT_EQ(model->training["options"]["n_steps"], 3);
}

TEST(EmbedderTrainer, HardClassesGetHardFactorTimesTheImagesPerBatch) {
  EmbedderTrainOptions o;
  o.images_per_class = 4;
  o.hard_classes = {7, 3};  // white, grey
  o.hard_factor = 3;
  EXPECT_EQ(images_in_batch(o, 7), 12);
  EXPECT_EQ(images_in_batch(o, 3), 12);
  EXPECT_EQ(images_in_batch(o, 0), 4);
  o.hard_factor = 1;
  EXPECT_EQ(images_in_batch(o, 7), 4);
}

TEST(EmbedderTrainer, HardClassesTrainAndAreRecorded) {
  const auto set = fixtures::solid_colour_set(3, 40);
  auto options = fixtures::tiny_options(2);
  options.hard_classes = {7, 3};
  options.hard_factor = 2;
  TrainStats stats;
  auto model = train_embedder(set, options, quiet_run(), &stats);
  ASSERT_TRUE(model.has_value());
  EXPECT_TRUE(std::isfinite(stats.final_loss));
  EXPECT_EQ(model->training["options"]["hard_classes"], nlohmann::json::array({7, 3}));
  EXPECT_EQ(model->training["options"]["hard_factor"], 2);
}

TEST(EmbedderTrainer, LearnsToSeparateSolidColours) {
  const auto set = fixtures::solid_colour_set(2, 40);
  auto options = fixtures::tiny_options(100);
  options.learning_rate = 3e-3;
  auto model = train_embedder(set, options, quiet_run());
  ASSERT_TRUE(model.has_value());
  // Measured on pictures it never trained on: another size, another shade and place of the patch.
  TrainingSet unseen;
  for (int c = 0; c < kNumClasses; ++c) {
    for (int i = 0; i < 2; ++i) {
      cv::Mat image(48, 48, CV_8UC3, fixtures::typical_bgr(c));
      image(cv::Rect(20 + 8 * i, 6, 16, 16)) = fixtures::typical_bgr(c) * 0.9;
      unseen.images.push_back(image);
      unseen.labels.push_back(c);
    }
  }
  const torch::Tensor e = probe_embeddings(*model, unseen).contiguous();
  const std::vector<int> predicted =
      nearest_centres(std::span<const float>(e.data_ptr<float>(), size_t(e.numel())), model->centres.mean, e.size(1));
  int correct = 0;
  for (size_t i = 0; i < unseen.labels.size(); ++i) correct += predicted[i] == unseen.labels[i] ? 1 : 0;
  EXPECT_GE(correct, 16) << "of 18 unseen pictures";
}

TEST(EmbedderTrainer, ResumeReproducesAnUninterruptedRun) {
  const auto set = fixtures::solid_colour_set(2, 40);
  const auto options = fixtures::tiny_options(4);
  auto whole = train_embedder(set, options, quiet_run());
  ASSERT_TRUE(whole.has_value());

  TrainRunOptions run = quiet_run();
  run.checkpoint = vec2midi::testing::temp_dir("trainer_resume") / "run.ckpt";
  run.stop_after_steps = 2;
  TrainStats stats;
  EXPECT_FALSE(train_embedder(set, options, run, &stats).has_value());
  EXPECT_EQ(stats.n_steps, 2);
  ASSERT_TRUE(std::filesystem::exists(run.checkpoint));
  run.stop_after_steps = 0;
  run.resume = true;
  auto resumed = train_embedder(set, options, run, &stats);
  ASSERT_TRUE(resumed.has_value());
  EXPECT_EQ(stats.n_steps, 2);
  EXPECT_TRUE(torch::allclose(probe_embeddings(*whole, set), probe_embeddings(*resumed, set), 1e-5, 1e-5));
  EXPECT_FALSE(std::filesystem::exists(run.checkpoint));  // removed once the run is complete
}

TEST(EmbedderTrainer, ResumeRefusesACheckpointOfAnotherRun) {
  const auto set = fixtures::solid_colour_set(2, 40);
  TrainRunOptions run = quiet_run();
  run.checkpoint = vec2midi::testing::temp_dir("trainer_other_run") / "run.ckpt";
  run.stop_after_steps = 1;
  train_embedder(set, fixtures::tiny_options(3), run);
  run.stop_after_steps = 0;
  run.resume = true;
  auto other = fixtures::tiny_options(3);
  other.seed = 99;
  EXPECT_THROW(train_embedder(set, other, run), InputError);
}

TEST(EmbedderTrainer, MissingClassIsAnInputError) {
  auto set = fixtures::solid_colour_set(2, 40);
  for (size_t i = set.images.size(); i-- > 0;) {
    if (set.labels[i] == 4) {
      set.images.erase(set.images.begin() + long(i));
      set.labels.erase(set.labels.begin() + long(i));
      set.generated.erase(set.generated.begin() + long(i));
      set.keys.erase(set.keys.begin() + long(i));
    }
  }
  EXPECT_THROW(train_embedder(set, fixtures::tiny_options(1), quiet_run()), InputError);
}

TEST(EmbedderTrainer, TrainingSetMixesFilesAndScenes) {
  auto options = fixtures::tiny_options(1);
  options.n_scenes = 9;
  const std::vector<LabelledImage> files = {{vec2midi::testing::shared_path("data/photos/train/red/objects_1.jpg"), 6, "red/objects_1.jpg"}};
  const auto set = build_training_set(files, options, false);
  ASSERT_EQ(set.images.size(), 10u);
  EXPECT_FALSE(set.generated[0]);
  EXPECT_EQ(set.labels[0], 6);
  EXPECT_TRUE(set.generated[9]);
  EXPECT_EQ(set.keys[1], "scene/0");
  EXPECT_EQ(set.images[0].cols, 40);
}

TEST(EmbedderTrainer, UnreadableFileIsAnInputError) {
  const std::vector<LabelledImage> files = {{"/nonexistent/red/x.jpg", 6, "red/x.jpg"}};
  EXPECT_THROW(build_training_set(files, fixtures::tiny_options(1), false), InputError);
}

}  // namespace
}  // namespace vec2midi::vision
