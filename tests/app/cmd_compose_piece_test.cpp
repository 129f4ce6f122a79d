// `vec2midi compose --bars 8 --accompaniment full --key Am` through the built binary with the shipped models:
// the files are read back independently (music::read_midi, the WAV header, OpenCV) and checked against the
// flags asked for; bad piece flags are one error line and exit code 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "io/atomic_file.hpp"
#include "music/midi_io.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using vec2midi::testing::CommandResult;
using vec2midi::testing::project_path;
using vec2midi::testing::run_vec2midi;
using vec2midi::testing::temp_dir;

constexpr double kTempo = 100.0;  // qpm asked for; 8 bars of 4/4 then last 32 quarters x 0.6 s = 19.2 s
constexpr int kFlute = 73;        // General MIDI program asked for the melody

std::string piece_command(const fs::path& out) {
  return "compose " + project_path("examples/red_car.jpg").string() +
         " --bars 8 --accompaniment full --key Am --tempo 100 --program 73 --json -o " + out.string();
}

// One run shared by the tests that read its files.
struct PieceRun {
  CommandResult result;
  nlohmann::json item;
  fs::path midi, wav, png;
};

const PieceRun& piece_run() {
  static const PieceRun run = [] {
    PieceRun r;
    r.result = run_vec2midi(piece_command(temp_dir("compose_piece") / "out"));
    if (r.result.exit_code != 0) return r;
    r.item = nlohmann::json::parse(r.result.out).at("items").at(0);
    r.midi = r.item["files"]["midi"].get<std::string>();
    r.wav = r.item["files"]["wav"].get<std::string>();
    r.png = r.item["files"]["png"].get<std::string>();
    return r;
  }();
  return run;
}

// Seconds of sound in a PCM WAV file, read from its "fmt " and "data" chunks.
double wav_seconds(const fs::path& path) {
  const std::string bytes = io::read_file(path);
  const auto u32 = [&](size_t at) {
    return uint32_t(uint8_t(bytes.at(at))) | uint32_t(uint8_t(bytes.at(at + 1))) << 8 |
           uint32_t(uint8_t(bytes.at(at + 2))) << 16 | uint32_t(uint8_t(bytes.at(at + 3))) << 24;
  };
  const auto u16 = [&](size_t at) { return uint32_t(uint8_t(bytes.at(at))) | uint32_t(uint8_t(bytes.at(at + 1))) << 8; };
  EXPECT_EQ(bytes.substr(0, 4), "RIFF");
  EXPECT_EQ(bytes.substr(8, 4), "WAVE");
  uint32_t bytes_per_second = 0, data_bytes = 0;
  for (size_t at = 12; at + 8 <= bytes.size(); at += 8 + u32(at + 4) + (u32(at + 4) & 1)) {
    const std::string id = bytes.substr(at, 4);
    if (id == "fmt ") bytes_per_second = u32(at + 8 + 8);  // after format, channels, sample rate: byte rate
    if (id == "data") data_bytes = u32(at + 4);
    if (id == "fmt ") EXPECT_EQ(u16(at + 8 + 14) % 8, 0u);  // whole bytes per sample
  }
  EXPECT_GT(bytes_per_second, 0u);
  return bytes_per_second ? double(data_bytes) / bytes_per_second : 0.0;
}

using NoteKey = std::tuple<int, int64_t, int64_t>;  // pitch, start step, end step

TEST(ComposePieceCommand, MidiIsFormatOneWithNamedMelodyChordsBassAndDrumTracks) {
  ASSERT_EQ(piece_run().result.exit_code, 0) << piece_run().result.err;
  const music::MidiFile file = music::read_midi(piece_run().midi);
  EXPECT_EQ(file.format, 1);
  std::vector<std::string> names;
  for (const music::MidiTrack& t : file.tracks) {
    if (t.notes.empty()) continue;  // the conductor track
    names.push_back(t.name);
    EXPECT_EQ(t.is_drum, t.name == "drums") << t.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"melody", "chords", "bass", "drums"}));
  const auto melody = std::find_if(file.tracks.begin(), file.tracks.end(), [](const auto& t) { return t.name == "melody"; });
  ASSERT_NE(melody, file.tracks.end());
  EXPECT_EQ(melody->programs, std::vector<int>{kFlute});
}

TEST(ComposePieceCommand, MidiHasTheKeySignatureOfAMinorAndTheTempoAskedFor) {
  ASSERT_EQ(piece_run().result.exit_code, 0) << piece_run().result.err;
  const music::MidiFile file = music::read_midi(piece_run().midi);
  ASSERT_EQ(file.key_signatures.size(), 1u);
  EXPECT_EQ(file.key_signatures[0].sharps, 0);
  EXPECT_TRUE(file.key_signatures[0].minor);
  ASSERT_EQ(file.tempos.size(), 1u);
  EXPECT_NEAR(file.tempos[0].qpm, kTempo, 1e-3);
  EXPECT_NEAR(file.length_quarters, 8 * 4, 1e-9);  // every track ends at the piece's end
}

TEST(ComposePieceCommand, WavLastsAtLeastEightBarsAtTheTempo) {
  ASSERT_EQ(piece_run().result.exit_code, 0) << piece_run().result.err;
  const double eight_bars_s = 8 * 4 * 60.0 / kTempo;
  const double seconds = wav_seconds(piece_run().wav);
  EXPECT_GT(seconds, eight_bars_s);
  EXPECT_LT(seconds, eight_bars_s + 5.0);  // a release tail, not another piece
}

TEST(ComposePieceCommand, PianoRollIsA1024By512Picture) {
  ASSERT_EQ(piece_run().result.exit_code, 0) << piece_run().result.err;
  const cv::Mat roll = cv::imread(piece_run().png.string(), cv::IMREAD_COLOR);
  ASSERT_FALSE(roll.empty());
  EXPECT_EQ(roll.cols, 1024);
  EXPECT_EQ(roll.rows, 512);
}

TEST(ComposePieceCommand, JsonDescribesThePiece) {
  ASSERT_EQ(piece_run().result.exit_code, 0) << piece_run().result.err;
  const nlohmann::json& item = piece_run().item;
  for (const char* field : {"palette", "sliders", "nudges", "form", "form_text", "key", "key_signature", "scale", "chords",
                            "tracks", "filled_bars", "accompaniment"}) {
    EXPECT_TRUE(item.contains(field)) << field;
  }
  EXPECT_EQ(item["steps"], 8 * 16);
  EXPECT_EQ(item["form"].size(), 4u);
  EXPECT_EQ(item["key"], "A minor");
  EXPECT_EQ(item["key_signature"], 0);
  EXPECT_EQ(item["scale"].get<std::set<int>>(), (std::set<int>{9, 11, 0, 2, 4, 5, 7}));
  EXPECT_EQ(item["accompaniment"], "full");
  EXPECT_FALSE(item["sliders"].empty());
  EXPECT_TRUE(item["nudges"].empty());
  ASSERT_FALSE(item["chords"].empty());
  for (const auto& chord : item["chords"]) {
    EXPECT_FALSE(chord["name"].get<std::string>().empty());
    EXPECT_LT(chord["start"].get<int>(), chord["end"].get<int>());
    for (int pc : chord["pitch_classes"]) EXPECT_TRUE(item["scale"].get<std::set<int>>().count(pc)) << chord.dump();
  }
  EXPECT_EQ(item["tracks"].size(), 4u);
}

TEST(ComposePieceCommand, JsonNotesAreTheMidiMelodyTrack) {
  ASSERT_EQ(piece_run().result.exit_code, 0) << piece_run().result.err;
  std::vector<NoteKey> json_notes, midi_notes;
  for (const auto& n : piece_run().item["notes"]) {
    json_notes.emplace_back(n["pitch"].get<int>(), n["start"].get<int64_t>(), n["end"].get<int64_t>());
  }
  const music::MidiFile file = music::read_midi(piece_run().midi);
  for (const music::MidiTrack& t : file.tracks) {
    if (t.name != "melody") continue;
    for (const music::MidiNote& n : t.notes) {  // 4 sixteenth steps per quarter
      midi_notes.emplace_back(n.pitch, int64_t(std::lround(n.start_quarter * 4)), int64_t(std::lround(n.end_quarter * 4)));
    }
  }
  ASSERT_FALSE(json_notes.empty());
  EXPECT_EQ(json_notes, midi_notes);
}

TEST(ComposePieceCommand, RunningTwiceWritesTheSameBytes) {
  ASSERT_EQ(piece_run().result.exit_code, 0) << piece_run().result.err;
  const fs::path again = temp_dir("compose_piece_again") / "out";
  const CommandResult r = run_vec2midi(piece_command(again));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const fs::path& first : {piece_run().midi, piece_run().wav, piece_run().png}) {
    EXPECT_TRUE(io::read_file(first) == io::read_file(again / first.filename())) << first.filename() << " differs";
  }
}

TEST(ComposePieceCommand, BadPieceFlagsAreOneErrorLineNamingTheValue) {
  const fs::path out = temp_dir("compose_piece_bad") / "out";
  const std::string picture = project_path("examples/red_car.jpg").string();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--bars 3", "3"},      {"--bars 64", "64"},      {"--key H", "H"},          {"--accompaniment loud", "loud"},
      {"--nudge 5", "5"},     {"--nudge 5=9", "5=9"},   {"--nudge 999=1", "999"},  {"--bars 8 --nudge 999=1", "999"}};
  for (const auto& [flags, value] : cases) {
    const CommandResult r = run_vec2midi("compose " + picture + " " + flags + " -o " + out.string());
    EXPECT_EQ(r.exit_code, 2) << flags << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << flags << ": " << r.err;
    EXPECT_NE(r.err.find(value), std::string::npos) << flags << ": " << r.err;
  }
  EXPECT_FALSE(fs::exists(out / "red_car.mid"));
}

TEST(ComposePieceCommand, NudgesBeforeThePictureLeaveThePictureAlone) {
  const fs::path out = temp_dir("compose_piece_nudges") / "out";
  const CommandResult r = run_vec2midi("compose --nudge 1=1.5 --nudge 74=-1 " +
                                       project_path("examples/red_car.jpg").string() + " --json -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json nudges = nlohmann::json::parse(r.out)["items"][0]["nudges"];
  EXPECT_EQ(nudges, (nlohmann::json{{"1", 1.5}, {"74", -1.0}}));
}

}  // namespace
}  // namespace vec2midi::app
