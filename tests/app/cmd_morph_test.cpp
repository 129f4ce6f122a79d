// `vec2midi morph` through the built binary: with the fixture's models passed as flags, and the arranged morphs
// with the shipped models and bundled photos.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "composer_fixture.hpp"
#include "music/key.hpp"
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

// With an accompaniment the walk is arranged as a piece (shipped models, bundled photos): one key, the
// melody track and the band's, and chords covering the whole morph.
TEST(MorphCommand, AccompanimentArrangesTheWalkAsAPiece) {
  const fs::path dir = temp_dir("morph_piece");
  const auto r = run_vec2midi("morph " + vec2midi::testing::project_path("examples/red_car.jpg").string() + " " +
                              vec2midi::testing::project_path("examples/blue_swatch.jpg").string() +
                              " --phrases 4 --accompaniment chords --json -o " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["steps"], 4 * 16);
  ASSERT_TRUE(doc.contains("key"));
  const music::Key key = music::parse_key(doc["key"].get<std::string>());
  for (const auto& n : doc["notes"]) EXPECT_TRUE(music::in_key(n["pitch"].get<int>(), key)) << n.dump();
  std::vector<std::string> names;
  for (const auto& t : doc["tracks"]) names.push_back(t["name"].get<std::string>());
  EXPECT_EQ(names, (std::vector<std::string>{"melody", "chords", "bass"}));
  ASSERT_FALSE(doc["chords"].empty());
  EXPECT_EQ(doc["chords"].front()["start"], 0);
  EXPECT_EQ(doc["chords"].back()["end"], 4 * 16);
  const music::MidiFile file = music::read_midi(doc["files"]["midi"].get<std::string>());
  EXPECT_EQ(file.format, 1);
  ASSERT_EQ(file.key_signatures.size(), 1u);
  EXPECT_EQ(file.key_signatures[0].sharps, doc["key_signature"].get<int>());
}

// The endpoints are described as the phrases the walk starts and ends at, not as pieces of their own.
TEST(MorphCommand, EndpointsOfAnArrangedMorphArePhrasesWithTheirNudges) {
  const fs::path dir = temp_dir("morph_piece_ends");
  const auto r = run_vec2midi("morph " + vec2midi::testing::project_path("examples/red_car.jpg").string() + " " +
                              vec2midi::testing::project_path("examples/blue_swatch.jpg").string() +
                              " --phrases 2 --accompaniment full --nudge 1=1 --json -o " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  for (const char* end : {"from", "to"}) {
    EXPECT_FALSE(doc[end].contains("form")) << end;
    EXPECT_FALSE(doc[end].contains("tracks")) << end;
    EXPECT_EQ(doc[end]["nudges"], (nlohmann::json{{"1", 1.0}})) << end;
  }
}

TEST(MorphCommand, EightBarPhrasesAreBadUsageNamingPhrases) {
  const fs::path dir = temp_dir("morph_bars");
  const auto red = testing::write_flat_png(dir / "red.png", 6);
  const auto r = run_vec2midi("morph " + red.string() + " " + red.string() + " --bars 8 -o " + dir.string() +
                              fixture_model_flags());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("--bars"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--phrases"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "red_to_red.mid"));
}

}  // namespace
}  // namespace vec2midi::app
