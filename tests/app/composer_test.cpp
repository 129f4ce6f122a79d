#include "app/composer.hpp"

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "composer_fixture.hpp"
#include "io/error.hpp"
#include "music/event_codec.hpp"
#include "support/shared_data.hpp"
#include "transition/transition.hpp"
#include "transition/transition_file.hpp"
#include "vae/libtorch_reference_decode.hpp"
#include "vae/model_io.hpp"
#include "vision/embedder_model.hpp"
#include "vision/image_io.hpp"

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

// The libtorch forward passes of the same model files, step by step as MISSION.md §2 describes them: the
// training embedder (embed_images) and the training MusicVAE's decode steps, with the one Transition between them
// (tests/transition checks it against the formula written out).
Composition reference_compose(const ComposerModels& models, const cv::Mat& bgr, const ComposeOptions& options) {
  torch::NoGradGuard no_grad;
  vision::EmbedderModel embedder = vision::load_embedder_model(models.embedder);
  const at::Tensor e = vision::embed_images(embedder, {bgr});                         // [1, E]
  const at::Tensor centres = at::tensor(embedder.centres.mean).reshape({vision::kNumClasses, -1});
  const at::Tensor d = (e - centres).pow(2).sum(1);  // [9]
  Composition c;
  c.colour = int(d.argmin().item<int64_t>());
  for (int k = 0; k < vision::kNumClasses; ++k) c.distances[size_t(k)] = d[k].item<float>();
  c.embedding.assign(e.data_ptr<float>(), e.data_ptr<float>() + e.numel());
  c.continuous = options.continuous;
  const transition::TransitionFile file = transition::read_transition_file(models.transition);
  const std::span<const float> source = options.continuous ? std::span<const float>(c.embedding) : embedder.centres.mean_of(c.colour);
  c.z = transition::Transition(file.options).map(file.coefficients, source);
  c.melody = music::events_to_melody(vae::libtorch_reference_decode(
      *vae::load_music_vae(models.vae), c.z,
      {.n_steps = options.n_steps(), .temperature = options.temperature, .seed = options.seed}));
  return c;
}

constexpr float kTolerance = 2e-4f;  // float32 sums in another order, and fp16 weights folded before use

void expect_same(const Composition& ours, const Composition& reference, const std::string& what) {
  EXPECT_EQ(ours.colour, reference.colour) << what;
  EXPECT_EQ(ours.continuous, reference.continuous) << what;
  for (size_t k = 0; k < ours.distances.size(); ++k) {
    EXPECT_NEAR(ours.distances[k], reference.distances[k], kTolerance) << what << " distance " << k;
  }
  ASSERT_EQ(ours.embedding.size(), reference.embedding.size()) << what;
  for (size_t i = 0; i < ours.embedding.size(); ++i) {
    EXPECT_NEAR(ours.embedding[i], reference.embedding[i], kTolerance) << what << " e[" << i << "]";
  }
  ASSERT_EQ(ours.z.size(), reference.z.size()) << what;
  for (size_t i = 0; i < ours.z.size(); ++i) EXPECT_NEAR(ours.z[i], reference.z[i], kTolerance) << what << " z[" << i << "]";
  EXPECT_EQ(ours.melody, reference.melody) << what;
}

std::vector<ComposeOptions> every_option() {
  return {ComposeOptions{},
          ComposeOptions{.n_bars = 2},
          ComposeOptions{.continuous = true},
          ComposeOptions{.n_bars = 2, .temperature = 0.8, .seed = 3},
          ComposeOptions{.temperature = 1.5, .seed = 11, .continuous = true}};
}

std::string option_text(const ComposeOptions& o) {
  return "bars " + std::to_string(o.n_bars) + " T " + std::to_string(o.temperature) + " seed " + std::to_string(o.seed) +
         (o.continuous ? " continuous" : "");
}

TEST(Composer, ComposesWhatTheLibtorchForwardPassesComposeWithTheShippedModels) {
  const ComposerModels models = ComposerModels::defaults();
  const Composer ours(models);
  std::vector<std::pair<std::string, cv::Mat>> pictures;
  for (const auto& entry : fs::directory_iterator(vec2midi::testing::project_path("examples"))) {
    if (vision::has_image_extension(entry.path())) pictures.emplace_back(entry.path().string(), vision::load_image(entry.path()));
  }
  ASSERT_GE(pictures.size(), 3u) << "examples/ holds too few pictures";
  for (int c = 0; c < vision::kNumClasses; ++c) pictures.emplace_back("flat " + std::to_string(c), flat_picture(c, 200));
  for (const auto& [name, picture] : pictures) {
    for (const ComposeOptions& o : every_option()) {
      expect_same(ours.compose(picture, o), reference_compose(models, picture, o), name + ", " + option_text(o));
    }
  }
}

// Issue 28 made pieces; the default (one bar, no key, no accompaniment) must still be the original's single
// decoded phrase: the libtorch path's melody, and no piece, form or materials.
TEST(Composer, DefaultOptionsStillDecodeOneBarAndMakeNoPiece) {
  const ComposerModels models = ComposerModels::defaults();
  const Composer ours(models);
  const cv::Mat picture = vision::load_image(vec2midi::testing::project_path("examples/red_car.jpg"));
  const Composition c = ours.compose(picture, {});
  EXPECT_EQ(c.melody.n_steps, 16);
  EXPECT_EQ(c.melody, reference_compose(models, picture, {}).melody);
  EXPECT_FALSE(c.piece);
  EXPECT_TRUE(c.form.empty());
  EXPECT_TRUE(c.materials.empty());
}

TEST(Composer, ComposesWhatTheLibtorchForwardPassesComposeWithATwoLayerMagentaDecoder) {
  for (int c = 0; c < vision::kNumClasses; ++c) {
    for (const ComposeOptions& o : every_option()) {
      expect_same(composer().compose(flat_picture(c), o), reference_compose(fixture_models(), flat_picture(c), o),
                  "flat " + std::to_string(c) + ", " + option_text(o));
    }
  }
}

TEST(Composer, MorphDecodesTheSlerpPathOfTheTwoLatents) {
  const Composition a = composer().compose(flat_picture(kRed), {});
  const Composition b = composer().compose(flat_picture(kYellow), {});
  const music::Melody piece = composer().morph(a, b, 3, {.n_bars = 2});
  ASSERT_EQ(piece.n_steps, 96);
  // The middle phrase is the decode of the arc's midpoint, computed here with libtorch.
  const at::Tensor za = at::tensor(a.z), zb = at::tensor(b.z);
  const double omega = std::acos((za.dot(zb) / (za.norm() * zb.norm())).item<double>());
  const at::Tensor mid = ((za + zb) * (std::sin(omega / 2) / std::sin(omega))).contiguous();
  const music::Melody expected = music::events_to_melody(vae::libtorch_reference_decode(
      *vae::load_music_vae(fixture_models().vae), std::span<const float>(mid.data_ptr<float>(), size_t(mid.numel())),
      {.n_steps = 32}));
  std::vector<music::Note> middle;
  for (music::Note n : piece.notes) {
    if (n.start_step >= 32 && n.start_step < 64) {
      n.start_step -= 32, n.end_step -= 32;
      middle.push_back(n);
    }
  }
  EXPECT_EQ(middle, expected.notes);
}

}  // namespace
}  // namespace vec2midi::app
