// `vec2midi decode` as a user meets it: golden notes through the command, MIDI files, seeds, bad input.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "music/midi_io.hpp"
#include "support/bf16_available.hpp"
#include "support/shared_data.hpp"
#include "vae/magenta_import.hpp"
#include "vae/model_io.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using testing::run_vec2midi;

// Magenta's mel_2bar_small imported once per test binary into a temp folder.
const fs::path& small_model() {
  static const fs::path path = [] {
    const fs::path p = testing::temp_dir("decode_model") / "mel_2bar_small.safetensors";
    vae::import_magenta(testing::shared_path("data/magenta/mel_2bar_small"), p, {.show_progress = false});
    return p;
  }();
  return path;
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

TEST(DecodeCommand, GoldenLatentsGiveMagentaJsNotes) {
  const fs::path golden_path = testing::shared_path("golden/magenta_mel_2bar_small_argmax.json");
  const nlohmann::json golden = testing::shared_json("golden/magenta_mel_2bar_small_argmax.json");
  const auto r = run_vec2midi("decode --model " + quoted(small_model()) + " --z-json " + quoted(golden_path) + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc.at("items").size(), golden.at("items").size());
  int matches = 0;
  for (size_t i = 0; i < golden.at("items").size(); ++i) {
    const bool same = doc["items"][i].at("notes") == golden["items"][i].at("notes");
    EXPECT_TRUE(same) << "item " << i;
    matches += same;
  }
  EXPECT_EQ(matches, 64);
}

TEST(DecodeCommand, WritesOneMidiFilePerMelody) {
  const fs::path dir = testing::temp_dir("decode_midi") / "out";
  const auto r = run_vec2midi("decode --model " + quoted(small_model()) + " --random 3 --seed 5 --steps 16 -o " +
                              quoted(dir) + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc.at("items").size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const fs::path file = dir / ("melody_000" + std::to_string(i) + ".mid");
    ASSERT_TRUE(fs::is_regular_file(file)) << file;
    const music::MidiFile midi = music::read_midi(file);
    int64_t n_notes = 0;
    for (const auto& track : midi.tracks) n_notes += static_cast<int64_t>(track.notes.size());
    EXPECT_EQ(n_notes, static_cast<int64_t>(doc["items"][i].at("notes").size())) << file;
    for (const auto& note : doc["items"][i].at("notes")) EXPECT_LE(note.at("end").get<int>(), 16);
  }
}

TEST(DecodeCommand, SeedFixesRandomLatentsAndSampling) {
  const std::string base = "decode --model " + quoted(small_model()) + " --random 4 --temperature 1.0 --json --seed ";
  const auto a = run_vec2midi(base + "7"), b = run_vec2midi(base + "7"), c = run_vec2midi(base + "8");
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(nlohmann::json::parse(a.out).at("items"), nlohmann::json::parse(b.out).at("items"));
  EXPECT_NE(nlohmann::json::parse(a.out).at("items"), nlohmann::json::parse(c.out).at("items"));
}

TEST(DecodeCommand, WrongLatentSizeIsOneLineAndExit2) {
  const fs::path dir = testing::temp_dir("decode_bad_z");
  const fs::path z = dir / "z.json";
  std::ofstream(z) << R"({"items": [{"z": [0.1, 0.2, 0.3]}]})";
  const auto r = run_vec2midi("decode --model " + quoted(small_model()) + " --z-json " + quoted(z) + " -o " +
                              quoted(dir / "out"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("items[0].z"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out" / "melody_0000.mid"));
}

TEST(DecodeCommand, NeedsALatentSource) {
  const auto r = run_vec2midi("decode --model " + quoted(small_model()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--random"), std::string::npos) << r.err;
}

TEST(DecodeCommand, StepsOutOfRangeIsExit2) {
  EXPECT_EQ(run_vec2midi("decode --model " + quoted(small_model()) + " --random 1 --steps 33").exit_code, 2);
}

TEST(DecodeCommand, NotAModelFileIsExit2) {
  const fs::path dir = testing::temp_dir("decode_not_model");
  std::ofstream(dir / "junk.safetensors") << "not a safetensors file";
  const auto r = run_vec2midi("decode --model " + quoted(dir / "junk.safetensors") + " --random 1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

// --precision bf16 decodes where oneDNN has a bf16 matmul (AVX-512) and is otherwise one line and exit 2.
TEST(DecodeCommand, Bf16DecodesOrIsOneLineNamingF32) {
  const auto r = run_vec2midi("decode --model " + quoted(small_model()) + " --random 2 --precision bf16 --json");
  if (testing::bf16_matmul_available()) {
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out).at("items").size(), 2u);
    return;
  }
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("--precision f32"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace vec2midi::app
