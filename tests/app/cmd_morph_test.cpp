// `vec2midi morph` through the built binary, with the fixture's models passed as flags.
#include <gtest/gtest.h>

#include "composer_fixture.hpp"
#include "music/midi_io.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using testing::fixture_model_flags;
using vec2midi::testing::run_vec2midi;
using vec2midi::testing::temp_dir;

TEST(MorphCommand, WritesOnePieceOfPhrasesTimesBarsSteps) {
  const fs::path dir = temp_dir("morph_three");
  const auto red = testing::write_flat_png(dir / "red.png", 6);
  const auto blue = testing::write_flat_png(dir / "blue.png", 1);
  const auto r = run_vec2midi("morph " + red.string() + " " + blue.string() + " --phrases 3 --bars 2 --json -o " +
                              dir.string() + fixture_model_flags());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["steps"], 3 * 32);
  EXPECT_EQ(doc["from"]["colour"], "red");
  EXPECT_EQ(doc["to"]["colour"], "blue");
  const fs::path midi = doc["files"]["midi"].get<std::string>();
  EXPECT_EQ(midi, dir / "red_to_blue.mid");
  EXPECT_EQ(music::read_midi(midi).tracks.at(0).notes.size(), doc["notes"].size());
  EXPECT_TRUE(fs::exists(dir / "red_to_blue.wav"));
  EXPECT_TRUE(fs::exists(dir / "red_to_blue.png"));
}

TEST(MorphCommand, OnePhraseIsBadUsage) {
  const fs::path dir = temp_dir("morph_one");
  const auto red = testing::write_flat_png(dir / "red.png", 6);
  const auto r = run_vec2midi("morph " + red.string() + " " + red.string() + " --phrases 1 -o " + dir.string() +
                              fixture_model_flags());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--phrases"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace vec2midi::app
