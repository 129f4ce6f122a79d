// `vec2midi interpolate` as a user meets it, on a tiny model: the path's melodies, the MIDI file that holds
// them one after another, and bad input.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "music/midi_io.hpp"
#include "support/shared_data.hpp"
#include "vae/model_io.hpp"
#include "vae/training_fixture.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using testing::run_vec2midi;

std::string melody(const char* name) { return testing::shared_path(std::string("data/melodies/nottingham/") + name).string(); }

fs::path tiny_model(const fs::path& dir, bool with_encoder) {
  vae::MusicVaeOptions o = vae::testing::tiny_training_options();
  o.has_encoder = with_encoder;
  vae::MusicVae model(o);
  model->reset_parameters(4);
  const fs::path p = dir / (with_encoder ? "full.safetensors" : "decoder.safetensors");
  vae::save_music_vae(*model, p);
  return p;
}

TEST(CmdInterpolate, WritesEveryMelodyOfThePathIntoOneMidiFile) {
  const fs::path dir = testing::temp_dir("interpolate");
  const fs::path out = dir / "path.mid";
  const auto r = run_vec2midi("interpolate " + melody("xmas7.mid") + " " + melody("morris19.mid") + " --model " +
                              tiny_model(dir, true).string() + " --steps 5 --refine-steps 3 -o " + out.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc.at("melodies").size(), 5u);
  EXPECT_EQ(doc.at("refine_steps"), 3);
  EXPECT_EQ(doc.at("steps_per_melody"), 32);
  size_t n_notes = 0;
  for (const auto& m : doc["melodies"]) {
    n_notes += m.size();
    for (const auto& note : m) EXPECT_LE(note.at("end").get<int>(), 32);
  }
  const music::MidiFile midi = music::read_midi(out);
  size_t in_file = 0;
  for (const auto& track : midi.tracks) in_file += track.notes.size();
  EXPECT_EQ(in_file, n_notes);
}

TEST(CmdInterpolate, SameMelodyTwiceGivesOneMelodyThroughout) {
  const fs::path dir = testing::temp_dir("interpolate_same");
  const auto r = run_vec2midi("interpolate " + melody("xmas7.mid") + " " + melody("xmas7.mid") + " --model " +
                              tiny_model(dir, true).string() + " --steps 4 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  for (size_t i = 1; i < 4; ++i) EXPECT_EQ(doc["melodies"][i], doc["melodies"][0]) << "melody " << i;
}

TEST(CmdInterpolate, ModelWithoutEncoderIsBadInput) {
  const fs::path dir = testing::temp_dir("interpolate_no_encoder");
  const auto r = run_vec2midi("interpolate " + melody("xmas7.mid") + " " + melody("morris19.mid") + " --model " +
                              tiny_model(dir, false).string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--encoder"), std::string::npos) << r.err;
}

TEST(CmdInterpolate, BadStepsAndMissingWindowAreBadInput) {
  const fs::path dir = testing::temp_dir("interpolate_bad");
  const std::string model = tiny_model(dir, true).string();
  const auto one = run_vec2midi("interpolate " + melody("xmas7.mid") + " " + melody("morris19.mid") + " --model " + model +
                                " --steps 1");
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_NE(one.err.find("--steps"), std::string::npos) << one.err;
  const auto window = run_vec2midi("interpolate " + melody("xmas7.mid") + " " + melody("morris19.mid") + " --model " +
                                   model + " --window-a 999");
  EXPECT_EQ(window.exit_code, 2);
  EXPECT_NE(window.err.find("window 999"), std::string::npos) << window.err;
}

TEST(CmdInterpolate, ExistingOutputNeedsForce) {
  const fs::path dir = testing::temp_dir("interpolate_force");
  const std::string model = tiny_model(dir, true).string();
  const std::string base = "interpolate " + melody("xmas7.mid") + " " + melody("morris19.mid") + " --model " + model +
                           " --steps 2 -o " + (dir / "p.mid").string();
  ASSERT_EQ(run_vec2midi(base).exit_code, 0);
  EXPECT_EQ(run_vec2midi(base).exit_code, 2);
  EXPECT_EQ(run_vec2midi(base + " --force").exit_code, 0);
}

}  // namespace
}  // namespace vec2midi::app
