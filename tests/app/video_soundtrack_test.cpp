// A video's soundtrack with the shipped models, from slideshows of the project's example photos that ffmpeg encodes
// at test time: the phrases follow the colour shown, each colour's motif is the phrase its picture composes, the
// files are valid (MIDI of the video's length, an MP4 with the picture stream and the soundtrack), and the command
// line reports and refuses as a user expects.
#include "app/video_soundtrack.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "music/midi_io.hpp"
#include "support/input_error.hpp"
#include "support/shell.hpp"
#include "support/test_videos.hpp"
#include "vision/colour_class.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using testing::input_error_of;

constexpr int kBlue = 1, kRed = 6;

const Composer& shipped() {
  static const Composer c(ComposerModels::defaults());
  return c;
}

fs::path red_car() { return testing::project_path("examples/red_car.jpg"); }
fs::path blue_swatch() { return testing::project_path("examples/blue_swatch.jpg"); }

// Red for 4 s, then blue for 4 s.
fs::path red_then_blue(const std::string& dir_name) {
  return testing::make_slideshow(testing::temp_dir(dir_name) / "red_blue.mp4", {red_car(), blue_swatch()}, 4.0);
}

std::vector<int> colours_of(const Soundtrack& s) {
  std::vector<int> c;
  for (const auto& p : s.phrases) c.push_back(p.colour);
  return c;
}

music::Melody phrase(const music::Melody& whole, int64_t first_step, int64_t n_steps) {
  music::Melody part;
  part.n_steps = n_steps;
  for (music::Note n : whole.notes) {
    if (n.start_step < first_step || n.start_step >= first_step + n_steps) continue;
    n.start_step -= first_step;
    n.end_step -= first_step;
    part.notes.push_back(n);
  }
  return part;
}

TEST(VideoSoundtrack, PhrasesFollowTheColourShownAndEachMotifIsItsPicturesPhrase) {
  // The pictures themselves are named red and blue by the shipped embedder (the premise of what follows).
  const Composition red = shipped().compose(vision::load_image(red_car()), {});
  const Composition blue = shipped().compose(vision::load_image(blue_swatch()), {});
  ASSERT_EQ(red.colour, kRed);
  ASSERT_EQ(blue.colour, kBlue);

  const Soundtrack s = compose_soundtrack(shipped(), red_then_blue("soundtrack_follow"), {.n_bars = 1}, {.qpm = 120});
  EXPECT_NEAR(s.seconds, 8.0, 0.05);
  EXPECT_EQ(s.samples.size(), 16u);  // two frames a second
  EXPECT_DOUBLE_EQ(s.phrase_seconds, 2.0);  // one 4/4 bar at 120 qpm
  EXPECT_EQ(colours_of(s), (std::vector<int>{kRed, kRed, kBlue, kBlue}));
  EXPECT_EQ(s.phrases[1].variation, 1);
  EXPECT_EQ(s.phrases[2].variation, 0);
  EXPECT_EQ(s.melody.n_steps, 4 * 16);
  // Greedy decoding from the colour's centre: the motif is the very phrase the picture composes.
  EXPECT_EQ(phrase(s.melody, 0, 16).notes, red.melody.notes);
  EXPECT_EQ(phrase(s.melody, 32, 16).notes, blue.melody.notes);
  EXPECT_FALSE(s.arrangement);
}

TEST(VideoSoundtrack, TwoBarPhrasesAndAKeyMakeAnArrangedPieceWithASectionPerColour) {
  ComposeOptions options{.n_bars = 2, .key = music::Key{0, music::Mode::kMajor}, .accompaniment = compose::Accompaniment::kFull};
  const Soundtrack s = compose_soundtrack(shipped(), red_then_blue("soundtrack_piece"), options, {.qpm = 120});
  EXPECT_DOUBLE_EQ(s.phrase_seconds, 4.0);
  EXPECT_EQ(colours_of(s), (std::vector<int>{kRed, kBlue}));
  ASSERT_TRUE(s.arrangement);
  EXPECT_GT(s.arrangement->tracks.size(), 1u);
  EXPECT_EQ(s.melody.n_steps, 2 * 32);
}

TEST(VideoSoundtrack, ItsFilesAreTheSoundtrackAndTheVideoWithItAsItsSound) {
  const fs::path video = red_then_blue("soundtrack_files");
  const fs::path out = testing::temp_dir("soundtrack_files_out");
  const Soundtrack s = compose_soundtrack(shipped(), video, {}, {.qpm = 120});
  const OutputFiles files = write_soundtrack(s, video, out, "clip", {});
  EXPECT_EQ(files.mp4, out / "clip.scored.mp4");
  const music::MidiFile midi = music::read_midi(files.midi);
  ASSERT_FALSE(midi.tracks.empty());
  EXPECT_FALSE(midi.tracks.front().notes.empty());
  EXPECT_GT(fs::file_size(files.wav), 44u + 8u * 44100u * 2u);  // at least 8 s of 16-bit sound
  EXPECT_TRUE(fs::exists(files.png));
  // The scored copy: the same picture stream (copied), an AAC sound stream, the video's length.
  const testing::CommandResult probe = testing::run_shell(
      "ffprobe -v error -show_entries stream=codec_type,codec_name,width,height:format=duration -of compact '" +
      files.mp4.string() + "'");
  ASSERT_EQ(probe.exit_code, 0) << probe.err;
  EXPECT_NE(probe.out.find("codec_name=h264|codec_type=video|width=640|height=360"), std::string::npos) << probe.out;
  EXPECT_NE(probe.out.find("codec_name=aac|codec_type=audio"), std::string::npos) << probe.out;
  EXPECT_NEAR(imaging::probe_video(files.mp4).duration_seconds, 8.0, 0.1);
  // Written once: a second time is refused unless forced.
  EXPECT_NE(input_error_of([&] { write_soundtrack(s, video, out, "clip", {}); }).find("already exists"), std::string::npos);
  EXPECT_NO_THROW(write_soundtrack(s, video, out, "clip", {.force = true}));
}

TEST(VideoSoundtrack, AWebmVideoIsReencodedIntoItsMp4) {
  const fs::path dir = testing::temp_dir("soundtrack_webm");
  const fs::path video = testing::make_colour_video(dir / "red.webm", {"red"}, 2.0, 320, 240, 30, false,
                                                    "-c:v libvpx -deadline realtime -cpu-used 8");
  const Soundtrack s = compose_soundtrack(shipped(), video, {}, {});
  const OutputFiles files = write_soundtrack(s, video, dir, "red", {});
  const testing::CommandResult probe =
      testing::run_shell("ffprobe -v error -show_entries stream=codec_name -of compact '" + files.mp4.string() + "'");
  EXPECT_NE(probe.out.find("codec_name=h264"), std::string::npos) << probe.out;  // VP8 does not go into MP4
}

TEST(VideoSoundtrack, OptionsASoundtrackCannotHaveAreInputErrors) {
  const fs::path video = red_then_blue("soundtrack_options");
  EXPECT_NE(input_error_of([&] { compose_soundtrack(shipped(), video, {.n_bars = 8}, {}); }).find("as long as the video"),
            std::string::npos);
  EXPECT_NE(input_error_of([&] { compose_soundtrack(shipped(), video, {}, {.qpm = 5}); }).find("tempo"), std::string::npos);
  EXPECT_NE(input_error_of([&] { compose_soundtrack(shipped(), video, {}, {.limits = {.max_seconds = 5}}); }).find("at most 5.00 s"),
            std::string::npos);
}

TEST(VideoSoundtrack, IsVideoPathGoesByTheExtension) {
  for (const char* name : {"a.mp4", "b.MOV", "c.webm", "d.mkv", "e.avi", "f.m4v"}) EXPECT_TRUE(is_video_path(name)) << name;
  for (const char* name : {"a.jpg", "b.png", "mp4", "c.mp3"}) EXPECT_FALSE(is_video_path(name)) << name;
}

TEST(ComposeVideoCommand, WritesTheFilesAndReportsThePhrases) {
  const fs::path video = red_then_blue("compose_video_cli");
  const fs::path out = testing::temp_dir("compose_video_cli_out");
  const testing::CommandResult r = testing::run_vec2midi("compose '" + video.string() + "' -o '" + out.string() + "' --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  const nlohmann::json& item = doc.at("items").at(0);
  EXPECT_EQ(item.at("phrases").size(), 4u);
  EXPECT_EQ(item.at("phrases").at(0).at("colour"), "red");
  EXPECT_EQ(item.at("phrases").at(3).at("colour"), "blue");
  EXPECT_EQ(item.at("frames_analysed"), 16);
  EXPECT_EQ(item.at("files").at("mp4"), (out / "red_blue.scored.mp4").string());
  for (const char* ext : {".mid", ".wav", ".png", ".scored.mp4"}) EXPECT_TRUE(fs::exists(out / ("red_blue" + std::string(ext)))) << ext;

  const testing::CommandResult text = testing::run_vec2midi("compose '" + video.string() + "' -o '" + out.string() + "' --force");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("8.0 s, 640x360 h264; 16 frames analysed; 4 phrases of 2.0 s"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("colours: red 0.0–4.0 s, blue 4.0–8.0 s"), std::string::npos) << text.out;
  EXPECT_NE(text.err.find("analyse red_blue.mp4 16/16"), std::string::npos) << text.err;
}

TEST(ComposeVideoCommand, AFileThatIsNotAVideoIsOneErrorLineAndExitTwo) {
  const fs::path dir = testing::temp_dir("compose_video_bad");
  std::ofstream(dir / "fake.mp4") << "not a video";
  const testing::CommandResult r = testing::run_vec2midi("compose '" + (dir / "fake.mp4").string() + "' -o '" + dir.string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "vec2midi: error: " + (dir / "fake.mp4").string() +
                       ": not a video ffmpeg can read (Invalid data found when processing input)\n");
  EXPECT_FALSE(fs::exists(dir / "fake.mid"));
}

}  // namespace
}  // namespace vec2midi::app
