// `vec2midi compose` through the built binary, with the fixture's models passed as flags.
#include <gtest/gtest.h>

#include <algorithm>

#include <opencv2/imgcodecs.hpp>

#include "composer_fixture.hpp"
#include "io/atomic_file.hpp"
#include "music/midi_io.hpp"
#include "support/shared_data.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using testing::fixture_model_flags;
using vec2midi::testing::run_vec2midi;
using vec2midi::testing::temp_dir;

TEST(ComposeCommand, WritesMidiWavAndPianoRollForEachPicture) {
  const fs::path dir = temp_dir("compose_two");
  const auto red = testing::write_flat_png(dir / "red.png", 6);
  const auto blue = testing::write_flat_png(dir / "blue.png", 1);
  const auto r = run_vec2midi("compose " + red.string() + " " + blue.string() + " -o " + (dir / "out").string() +
                              " --json" + fixture_model_flags());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["items"].size(), 2u);
  EXPECT_EQ(doc["items"][0]["colour"], "red");
  EXPECT_EQ(doc["items"][1]["colour"], "blue");
  for (const auto& item : doc["items"]) {
    const fs::path midi = item["files"]["midi"].get<std::string>();
    EXPECT_EQ(midi.parent_path(), dir / "out");
    const music::MidiFile file = music::read_midi(midi);
    ASSERT_EQ(file.tracks.size(), 1u);
    EXPECT_EQ(file.tracks[0].notes.size(), item["notes"].size());
    if (!item["notes"].empty()) {
      EXPECT_EQ(file.tracks[0].notes[0].pitch, item["notes"][0]["pitch"].get<int>());
      EXPECT_TRUE(testing::wav_has_sound(item["files"]["wav"].get<std::string>()));
    }
    const cv::Mat roll = cv::imread(item["files"]["png"].get<std::string>());
    EXPECT_FALSE(roll.empty());
  }
}

// The README's first command: the shipped models (no model flags) on every bundled example. Each example's
// name starts with its colour (red_car.jpg), which the shipped embedder must find.
TEST(ComposeCommand, ShippedModelsComposeEveryBundledExample) {
  const fs::path dir = temp_dir("compose_examples");
  std::string pictures;
  int n = 0;
  for (const auto& entry : fs::directory_iterator(vec2midi::testing::project_path("examples"))) {
    if (!vision::has_image_extension(entry.path())) continue;  // examples/README.md
    pictures += " " + entry.path().string();
    ++n;
  }
  ASSERT_GE(n, 3) << "examples/ holds too few pictures";
  const auto r = run_vec2midi("compose" + pictures + " -o " + (dir / "out").string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["items"].size(), size_t(n));
  for (const auto& item : doc["items"]) {
    const fs::path midi = item["files"]["midi"].get<std::string>();
    const std::string name = midi.stem().string();
    EXPECT_EQ(name.substr(0, name.find('_')), item["colour"].get<std::string>()) << name;
    EXPECT_FALSE(item["notes"].empty()) << name;
    EXPECT_EQ(music::read_midi(midi).tracks.at(0).notes.size(), item["notes"].size()) << name;
    EXPECT_TRUE(testing::wav_has_sound(item["files"]["wav"].get<std::string>())) << name;
    EXPECT_FALSE(cv::imread(item["files"]["png"].get<std::string>()).empty()) << name;
  }
}

TEST(ComposeCommand, PrintsColourDistancesAndNotes) {
  const fs::path dir = temp_dir("compose_text");
  const auto yellow = testing::write_flat_png(dir / "sun.png", 8);
  const auto r = run_vec2midi("compose " + yellow.string() + " -o " + (dir / "out").string() + fixture_model_flags());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sun.png: yellow"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("purple="), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("notes"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir / "out" / "sun.mid"));
}

TEST(ComposeCommand, NeverOverwritesThePictureItselfEvenWithForce) {
  const fs::path dir = temp_dir("compose_self");
  const auto yellow = testing::write_flat_png(dir / "sun.png", 8);
  const std::string before = io::read_file(yellow);
  const auto r = run_vec2midi("compose " + yellow.string() + " --force -o " + dir.string() + fixture_model_flags());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("the picture itself"), std::string::npos) << r.err;
  EXPECT_EQ(io::read_file(yellow), before);
}

TEST(ComposeCommand, ExistingFilesAreKeptWithoutForce) {
  const fs::path dir = temp_dir("compose_force");
  fs::create_directories(dir / "in");
  const auto red = testing::write_flat_png(dir / "in" / "red.png", 6);
  io::write_file_atomic(dir / "red.wav", "keep me");
  const auto refused = run_vec2midi("compose " + red.string() + " -o " + dir.string() + fixture_model_flags());
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("red.wav: already exists"), std::string::npos) << refused.err;
  EXPECT_EQ(io::read_file(dir / "red.wav"), "keep me");
  EXPECT_FALSE(fs::exists(dir / "red.mid"));
  const auto forced = run_vec2midi("compose " + red.string() + " -o " + dir.string() + " --force" + fixture_model_flags());
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(io::read_file(dir / "red.wav"), "keep me");
}

TEST(ComposeCommand, MissingModelIsOneErrorLineNamingIt) {
  const fs::path dir = temp_dir("compose_missing");
  const auto red = testing::write_flat_png(dir / "red.png", 6);
  const auto& m = testing::fixture_models();
  const auto r = run_vec2midi("compose " + red.string() + " -o " + (dir / "out").string() + " --model " +
                              (dir / "absent.safetensors").string() + " --embedder " + m.embedder.string() +
                              " --transition " + m.transition.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find((dir / "absent.safetensors").string() + ": MusicVAE model not found"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(ComposeCommand, NotAPictureIsBadInputAndLeavesNoFiles) {
  const fs::path dir = temp_dir("compose_not_image");
  io::write_file_atomic(dir / "notes.png", "this is text");
  const auto r = run_vec2midi("compose " + (dir / "notes.png").string() + " -o " + (dir / "out").string() +
                              fixture_model_flags());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("notes.png"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out" / "notes.mid"));
}

TEST(ComposeCommand, APhotoCutShortIsOneErrorLineAndLeavesNoFiles) {
  const fs::path dir = temp_dir("compose_truncated");
  io::write_file_atomic(dir / "cut.jpg", io::read_file(vec2midi::testing::project_path("examples/red_car.jpg")).substr(0, 1500));
  const auto r = run_vec2midi("compose " + (dir / "cut.jpg").string() + " -o " + (dir / "out").string() +
                              fixture_model_flags());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cut.jpg: truncated JPEG"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out" / "cut.mid"));
}

TEST(ComposeCommand, ThreeBarsIsBadUsage) {
  const fs::path dir = temp_dir("compose_bars");
  const auto red = testing::write_flat_png(dir / "red.png", 6);
  const auto r = run_vec2midi("compose " + red.string() + " --bars 3 -o " + dir.string() + fixture_model_flags());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--bars"), std::string::npos) << r.err;
}

TEST(ComposeCommand, VideoFlagWritesAnMp4WithSound) {
  const fs::path dir = temp_dir("compose_video");
  const auto green = testing::write_flat_png(dir / "leaf.png", 2);
  const auto r = run_vec2midi("compose " + green.string() + " --video --json -o " + (dir / "out").string() +
                              fixture_model_flags());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path mp4 = nlohmann::json::parse(r.out)["items"][0]["files"]["mp4"].get<std::string>();
  ASSERT_TRUE(fs::exists(mp4));
  // An MP4 starts with an "ftyp" box; the audio track is checked by render's own tests.
  EXPECT_EQ(io::read_file(mp4).substr(4, 4), "ftyp");
}

}  // namespace
}  // namespace vec2midi::app
