#include "app/composer.hpp"

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "composer_fixture.hpp"
#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using testing::fixture_models;
using testing::flat_picture;

constexpr int kBlue = 1, kRed = 6, kYellow = 8;

const Composer& composer() {
  static const Composer c(fixture_models());
  return c;
}

TEST(Composer, FlatRedPictureIsNamedRedAtDistanceZero) {
  const Composition c = composer().compose(flat_picture(kRed), {});
  EXPECT_EQ(c.colour_name(), "red");
  EXPECT_NEAR(c.distances[kRed], 0.0f, 1e-6f);
  for (int k = 0; k < vision::kNumClasses; ++k) {
    if (k != kRed) EXPECT_GT(c.distances[size_t(k)], c.distances[kRed]) << vision::kClassNames[size_t(k)];
  }
}

TEST(Composer, GreedyComposeIsReproducible) {
  const Composition a = composer().compose(flat_picture(kYellow), {});
  const Composition b = composer().compose(flat_picture(kYellow), {});
  EXPECT_EQ(a.melody, b.melody);
  EXPECT_EQ(a.z, b.z);
}

TEST(Composer, OneBarIsSixteenStepsAndTwoBarsThirtyTwo) {
  const Composition one = composer().compose(flat_picture(kBlue), {.n_bars = 1});
  const Composition two = composer().compose(flat_picture(kBlue), {.n_bars = 2});
  EXPECT_EQ(one.melody.n_steps, 16);
  EXPECT_EQ(two.melody.n_steps, 32);
  for (const auto& n : two.melody.notes) EXPECT_LE(n.end_step, 32);
  EXPECT_EQ(one.z.size(), 256u);
}

TEST(Composer, ThreeBarsIsAnInputError) {
  EXPECT_THROW(composer().compose(flat_picture(kBlue), {.n_bars = 3}), InputError);
}

TEST(Composer, TwoShadesShareTheCentreMelodyButNotTheContinuousOne) {
  cv::Mat dark_blue = flat_picture(kBlue), light_blue = flat_picture(kBlue);
  dark_blue = cv::Scalar(150, 40, 10);
  light_blue = cv::Scalar(230, 110, 60);
  const Composition a = composer().compose(dark_blue, {});
  const Composition b = composer().compose(light_blue, {});
  ASSERT_EQ(a.colour, b.colour) << "both shades should fall nearest the same centre";
  EXPECT_EQ(a.z, b.z);
  EXPECT_EQ(a.melody, b.melody);
  const Composition ca = composer().compose(dark_blue, {.continuous = true});
  const Composition cb = composer().compose(light_blue, {.continuous = true});
  EXPECT_TRUE(ca.continuous);
  EXPECT_NE(ca.z, cb.z);
  EXPECT_NE(ca.z, a.z);
}

TEST(Composer, SamplingDependsOnTheSeedAndRepeatsWithIt) {
  const ComposeOptions seed1{.n_bars = 2, .temperature = 1.5, .seed = 1};
  ComposeOptions seed2 = seed1;
  seed2.seed = 2;
  const auto a = composer().compose(flat_picture(kRed), seed1).melody;
  EXPECT_EQ(a, composer().compose(flat_picture(kRed), seed1).melody);
  EXPECT_NE(a, composer().compose(flat_picture(kRed), seed2).melody);
}

TEST(Composer, MorphStartsWithAsMelodyAndEndsWithBs) {
  const Composition a = composer().compose(flat_picture(kRed), {});
  const Composition b = composer().compose(flat_picture(kBlue), {});
  const music::Melody piece = composer().morph(a, b, 4, {});
  EXPECT_EQ(piece.n_steps, 4 * 16);
  std::vector<music::Note> first, last;
  for (auto n : piece.notes) {
    if (n.start_step < 16) first.push_back(n);
    if (n.start_step >= 48) {
      n.start_step -= 48, n.end_step -= 48;
      last.push_back(n);
    }
  }
  EXPECT_EQ(first, a.melody.notes);
  EXPECT_EQ(last, b.melody.notes);
}

TEST(Composer, MorphOfOnePhraseIsAnInputError) {
  const Composition a = composer().compose(flat_picture(kRed), {});
  EXPECT_THROW(composer().morph(a, a, 1, {}), InputError);
}

TEST(Composer, MissingModelNamesThePathAndHowToMakeIt) {
  ComposerModels models = fixture_models();
  models.vae = "/nonexistent/default_vae.safetensors";
  try {
    Composer c(models);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/default_vae.safetensors"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("import-magenta"), std::string::npos) << e.what();
  }
}

TEST(Composer, TransitionForAnotherLatentSizeIsRefused) {
  ComposerModels models = fixture_models();
  models.transition = vec2midi::testing::temp_dir("composer_wrong_z") / "t512.safetensors";
  testing::write_fixture_transition(models.transition, 512);
  try {
    Composer c(models);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("512"), std::string::npos) << e.what();
  }
}

TEST(Composer, EmbeddingIsLatentInputAndZIsBounded) {
  const Composition c = composer().compose(flat_picture(kYellow), {.continuous = true});
  ASSERT_EQ(c.embedding.size(), 9u);
  const at::Tensor e = at::from_blob(const_cast<float*>(c.embedding.data()), {1, 9}, at::kFloat);
  const at::Tensor z = composer().latent(e);
  const at::Tensor expected = at::from_blob(const_cast<float*>(c.z.data()), {1, 256}, at::kFloat);
  EXPECT_TRUE(at::allclose(z, expected));
  EXPECT_LT(z.abs().max().item<float>(), 2.0f);  // z = 2·tanh(·)
}

}  // namespace
}  // namespace vec2midi::app
