// Composer::compose making pieces (issue 28) with the shipped models (models/*.safetensors) and the bundled
// example photos: the form, the key, the accompaniment, the palette and the latent nudges, each checked by an
// invariant or an independent reading rather than by output copied from the code.
#include "app/composer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "music/key.hpp"
#include "support/shared_data.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;

const Composer& shipped() {
  static const Composer c(ComposerModels::defaults());
  return c;
}

cv::Mat example(const std::string& name) {
  return vision::load_image(vec2midi::testing::project_path("examples/" + name));
}

// Every bundled example photo, by file name.
std::vector<std::pair<std::string, cv::Mat>> examples() {
  std::vector<std::pair<std::string, cv::Mat>> pictures;
  for (const auto& entry : fs::directory_iterator(vec2midi::testing::project_path("examples"))) {
    if (vision::has_image_extension(entry.path())) pictures.emplace_back(entry.path().filename().string(), vision::load_image(entry.path()));
  }
  std::sort(pictures.begin(), pictures.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return pictures;
}

std::vector<std::string> track_names(const compose::Arrangement& piece) {
  std::vector<std::string> names;
  for (const music::Track& t : piece.tracks) names.push_back(t.name);
  return names;
}

TEST(ComposerPiece, EightBarsAreFourTwoBarPhrasesInRondoForm) {
  const Composition c = shipped().compose(example("red_car.jpg"), {.n_bars = 8});
  ASSERT_TRUE(c.piece);
  EXPECT_EQ(c.melody.n_steps, 128);
  ASSERT_EQ(c.form.size(), 4u);
  EXPECT_EQ(compose::form_text(c.form), "A A′ B A″");
  EXPECT_EQ(c.piece->phrase_starts, (std::vector<int64_t>{0, 32, 64, 96}));
  for (const compose::FormPhrase& p : c.form) EXPECT_EQ(p.n_bars, 2) << p.label;
  EXPECT_EQ(c.piece->melody, c.melody);
}

TEST(ComposerPiece, SamePictureAndSeedGiveTheSamePiece) {
  const ComposeOptions options{.n_bars = 8, .temperature = 1.0, .seed = 7, .accompaniment = compose::Accompaniment::kFull};
  const Composition a = shipped().compose(example("green_car.jpg"), options);
  const Composition b = shipped().compose(example("green_car.jpg"), options);
  ASSERT_TRUE(a.piece && b.piece);
  EXPECT_EQ(a.piece->key, b.piece->key);
  EXPECT_EQ(a.piece->tracks, b.piece->tracks);
}

TEST(ComposerPiece, AnotherSeedWithTemperatureGivesAnotherPiece) {
  ComposeOptions options{.n_bars = 8, .temperature = 1.0, .seed = 7};
  const Composition a = shipped().compose(example("green_car.jpg"), options);
  options.seed = 8;
  const Composition b = shipped().compose(example("green_car.jpg"), options);
  EXPECT_NE(a.melody, b.melody);
}

TEST(ComposerPiece, EveryMelodyNoteIsInThePiecesKey) {
  for (const auto& [name, picture] : examples()) {
    const Composition c = shipped().compose(picture, {.n_bars = 8, .temperature = 0.5, .seed = 3});
    ASSERT_TRUE(c.piece) << name;
    ASSERT_FALSE(c.melody.notes.empty()) << name;
    for (const music::Note& n : c.melody.notes) {
      EXPECT_TRUE(music::in_key(n.pitch, c.piece->key)) << name << ": pitch " << n.pitch << " at " << n.start_step
                                                         << " not in " << music::key_name(c.piece->key);
    }
  }
}

TEST(ComposerPiece, TheKeyAskedForIsHonoured) {
  const music::Key d_minor{.tonic = 2, .mode = music::Mode::kMinor};
  const Composition c = shipped().compose(example("blue_swatch.jpg"), {.n_bars = 8, .key = d_minor});
  ASSERT_TRUE(c.piece);
  EXPECT_EQ(c.piece->key, d_minor);
  const std::set<int> d_natural_minor{2, 4, 5, 7, 9, 10, 0};  // D E F G A Bb C
  for (const music::Note& n : c.melody.notes) {
    EXPECT_TRUE(d_natural_minor.count(((n.pitch % 12) + 12) % 12)) << "pitch " << n.pitch << " at " << n.start_step;
  }
}

TEST(ComposerPiece, FullAccompanimentAddsChordsBassAndDrumsOnChannelTen) {
  const Composition c = shipped().compose(example("orange_car.jpg"), {.n_bars = 4, .accompaniment = compose::Accompaniment::kFull});
  ASSERT_TRUE(c.piece);
  EXPECT_EQ(track_names(*c.piece), (std::vector<std::string>{"melody", "chords", "bass", "drums"}));
  for (const music::Track& t : c.piece->tracks) {
    EXPECT_EQ(t.channel == 9, t.name == "drums") << t.name << " on channel " << t.channel;  // GM drums: channel 10
    EXPECT_FALSE(t.notes.empty()) << t.name;
    for (const music::Note& n : t.notes) {
      EXPECT_GE(n.start_step, 0) << t.name;
      EXPECT_LE(n.end_step, c.melody.n_steps) << t.name;
      EXPECT_LT(n.start_step, n.end_step) << t.name;
    }
  }
  EXPECT_EQ(c.piece->tracks.front().notes, c.melody.notes);
}

TEST(ComposerPiece, ChordsAccompanimentHasNoDrums) {
  const Composition c = shipped().compose(example("orange_car.jpg"), {.n_bars = 4, .accompaniment = compose::Accompaniment::kChords});
  ASSERT_TRUE(c.piece);
  EXPECT_EQ(track_names(*c.piece), (std::vector<std::string>{"melody", "chords", "bass"}));
}

TEST(ComposerPiece, NoBarOfTheMelodyIsSilent) {
  for (const auto& [name, picture] : examples()) {
    const Composition c = shipped().compose(picture, {.n_bars = 16});
    ASSERT_EQ(c.melody.n_steps, 16 * 16) << name;
    for (int64_t bar = 0; bar < 16; ++bar) {
      const int64_t start = bar * 16, end = start + 16;
      const bool sounds = std::any_of(c.melody.notes.begin(), c.melody.notes.end(),
                                      [&](const music::Note& n) { return n.start_step < end && n.end_step > start; });
      EXPECT_TRUE(sounds) << name << ": bar " << bar << " is silent";
    }
  }
}

TEST(ComposerPiece, ChordsCoverThePieceBackToBack) {
  const Composition c = shipped().compose(example("purple_car.jpg"), {.n_bars = 8});
  ASSERT_TRUE(c.piece);
  ASSERT_FALSE(c.piece->chords.empty());
  EXPECT_EQ(c.piece->chords.front().start_step, 0);
  EXPECT_EQ(c.piece->chords.back().end_step, c.melody.n_steps);
  for (size_t i = 1; i < c.piece->chords.size(); ++i) {
    EXPECT_EQ(c.piece->chords[i].start_step, c.piece->chords[i - 1].end_step) << "chord " << i;
  }
}

TEST(ComposerPalette, WeightsSumToOneAndBoxesLieInsideThePicture) {
  for (const auto& [name, picture] : examples()) {
    const Composition c = shipped().compose(picture, {});
    ASSERT_FALSE(c.palette.empty()) << name;
    EXPECT_LE(c.palette.size(), 4u) << name;
    double sum = 0;
    for (size_t i = 0; i < c.palette.size(); ++i) {
      const PaletteColour& p = c.palette[i];
      sum += p.weight;
      EXPECT_GT(p.weight, 0.0) << name;
      if (i > 0) EXPECT_LE(p.weight, c.palette[i - 1].weight) << name << ": not by decreasing weight";
      EXPECT_GT(p.box.area(), 0) << name;
      EXPECT_EQ(p.box & cv::Rect(0, 0, picture.cols, picture.rows), p.box) << name << ": box outside the picture";
    }
    EXPECT_NEAR(sum, 1.0, 1e-6) << name;
  }
}

TEST(ComposerNudge, MovesZByExactlyTheValueInThatDimOnly) {
  const cv::Mat picture = example("yellow_vase.jpg");
  const Composition plain = shipped().compose(picture, {});
  const Composition nudged = shipped().compose(picture, {.nudges = {{.dim = 1, .value = 1.5}, {.dim = 74, .value = -2.0}}});
  ASSERT_EQ(plain.z.size(), nudged.z.size());
  for (size_t d = 0; d < plain.z.size(); ++d) {
    const double expected = d == 1 ? 1.5 : d == 74 ? -2.0 : 0.0;
    EXPECT_NEAR(double(nudged.z[d]) - double(plain.z[d]), expected, 1e-6) << "dim " << d;
  }
}

TEST(ComposerNudge, ReachesAPiecesMotifToo) {
  const cv::Mat picture = example("yellow_vase.jpg");
  const Composition plain = shipped().compose(picture, {.n_bars = 8});
  const Composition nudged = shipped().compose(picture, {.n_bars = 8, .nudges = {{.dim = 18, .value = 3.0}}});
  EXPECT_NEAR(double(nudged.z[18]) - double(plain.z[18]), 3.0, 1e-6);
  EXPECT_EQ(nudged.z[17], plain.z[17]);
}

TEST(ComposerNudge, ADimOutsideTheLatentIsAnInputErrorNamingIt) {
  try {
    shipped().compose(example("yellow_vase.jpg"), {.nudges = {{.dim = 999, .value = 1.0}}});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("999"), std::string::npos) << e.what();
  }
}

TEST(ComposerSliders, AreTheDimsOfTheJsonBesideTheModel) {
  const nlohmann::json doc =
      nlohmann::json::parse(io::read_file(vec2midi::testing::project_path("models/default_vae.sliders.json")));
  std::vector<int64_t> expected;
  for (const auto& s : doc.at("sliders")) expected.push_back(s.at("dim").get<int64_t>());
  ASSERT_FALSE(expected.empty());
  std::vector<int64_t> dims;
  for (const compose::LatentSlider& s : shipped().compose(example("red_car.jpg"), {}).sliders) {
    dims.push_back(s.dim);
    EXPECT_LT(s.dim, shipped().latent_size());
  }
  EXPECT_EQ(dims, expected);
}

}  // namespace
}  // namespace vec2midi::app
