// PlainComposer (compose without libtorch) must compose what Composer (libtorch) composes: the same colour,
// distances, embedding and z to float rounding, and the same notes, on the shipped models and the fixture's
// (Magenta's two-layer mel_2bar_small decoder), for pictures of every colour and every decoding option.
#include "app/plain_composer.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "app/composer.hpp"
#include "composer_fixture.hpp"
#include "io/error.hpp"
#include "support/shared_data.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::app {
namespace {

namespace fs = std::filesystem;
using testing::fixture_models;
using testing::flat_picture;

constexpr float kTolerance = 2e-4f;  // float32 sums in another order, and fp16 weights folded before use

void expect_same(const Composition& plain, const Composition& torch_result, const std::string& what) {
  EXPECT_EQ(plain.colour, torch_result.colour) << what;
  EXPECT_EQ(plain.continuous, torch_result.continuous) << what;
  for (size_t k = 0; k < plain.distances.size(); ++k) {
    EXPECT_NEAR(plain.distances[k], torch_result.distances[k], kTolerance) << what << " distance " << k;
  }
  ASSERT_EQ(plain.embedding.size(), torch_result.embedding.size()) << what;
  for (size_t i = 0; i < plain.embedding.size(); ++i) {
    EXPECT_NEAR(plain.embedding[i], torch_result.embedding[i], kTolerance) << what << " e[" << i << "]";
  }
  ASSERT_EQ(plain.z.size(), torch_result.z.size()) << what;
  for (size_t i = 0; i < plain.z.size(); ++i) EXPECT_NEAR(plain.z[i], torch_result.z[i], kTolerance) << what << " z[" << i << "]";
  EXPECT_EQ(plain.melody.n_steps, torch_result.melody.n_steps) << what;
  EXPECT_EQ(plain.melody.notes, torch_result.melody.notes) << what;
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

TEST(PlainComposer, ComposesWhatComposerComposesWithTheShippedModels) {
  const ComposerModels models = ComposerModels::defaults();
  const PlainComposer plain(models);
  const Composer reference(models);
  std::vector<std::pair<std::string, cv::Mat>> pictures;
  for (const auto& entry : fs::directory_iterator(vec2midi::testing::project_path("examples"))) {
    if (vision::has_image_extension(entry.path())) pictures.emplace_back(entry.path().string(), vision::load_image(entry.path()));
  }
  ASSERT_GE(pictures.size(), 3u) << "examples/ holds too few pictures";
  for (int c = 0; c < vision::kNumClasses; ++c) pictures.emplace_back("flat " + std::to_string(c), flat_picture(c, 200));
  for (const auto& [name, picture] : pictures) {
    for (const ComposeOptions& o : every_option()) {
      expect_same(plain.compose(picture, o), reference.compose(picture, o), name + ", " + option_text(o));
    }
  }
}

TEST(PlainComposer, ComposesWhatComposerComposesWithATwoLayerMagentaDecoder) {
  const PlainComposer plain(fixture_models());
  const Composer reference(fixture_models());
  for (int c = 0; c < vision::kNumClasses; ++c) {
    for (const ComposeOptions& o : every_option()) {
      expect_same(plain.compose(flat_picture(c), o), reference.compose(flat_picture(c), o),
                  "flat " + std::to_string(c) + ", " + option_text(o));
    }
  }
}

TEST(PlainComposer, MissingModelNamesThePathAndHowToMakeIt) {
  ComposerModels m = fixture_models();
  m.embedder = "/nonexistent/embedder.safetensors";
  try {
    const PlainComposer composer(m);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/embedder.safetensors"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("train-embedder"), std::string::npos) << e.what();
  }
}

TEST(PlainComposer, TransitionForAnotherLatentSizeIsRefused) {
  ComposerModels m = fixture_models();
  m.transition = vec2midi::testing::temp_dir("plain_composer_z") / "t512.safetensors";
  testing::write_fixture_transition(m.transition, 512);
  EXPECT_THROW(PlainComposer{m}, InputError);
}

TEST(PlainComposer, ThreeBarsIsAnInputError) {
  const PlainComposer plain(fixture_models());
  EXPECT_THROW(plain.compose(flat_picture(1), {.n_bars = 3}), InputError);
}

}  // namespace
}  // namespace vec2midi::app
