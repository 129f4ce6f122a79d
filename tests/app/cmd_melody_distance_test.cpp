// `vec2midi melody-distance`: two MIDI files, --pairs and --roc against the golden file, and one
// error line with exit code 2 for bad input.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "music/midi_io.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {

namespace fs = std::filesystem;
using testing::run_vec2midi;
using testing::shared_json;
using testing::shared_path;
using testing::temp_dir;

constexpr char kGolden[] = "golden/melody_distance_examples.json";

music::Melody melody_of_json(const nlohmann::json& notes) {
  music::Melody m;
  for (const auto& n : notes) {
    m.notes.push_back({.pitch = n.at(0).get<int>(), .start_step = n.at(1).get<int64_t>(),
                       .end_step = n.at(2).get<int64_t>()});
  }
  m.n_steps = 32;
  return m;
}

TEST(CmdMelodyDistance, PairsJsonMatchesGolden) {
  const auto r = run_vec2midi("melody-distance --pairs " + shared_path(kGolden).string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto out = nlohmann::json::parse(r.out).at("pairs");
  const auto golden = shared_json(kGolden).at("pairs");
  ASSERT_EQ(out.size(), golden.size());
  for (size_t i = 0; i < golden.size(); ++i) {
    for (const char* key : {"positive", "negative", "no_penalty"}) {
      EXPECT_NEAR(out[i].at(key).get<double>(), golden[i].at(key).get<double>(), 1e-9) << "pair " << i << " " << key;
    }
  }
}

TEST(CmdMelodyDistance, RocJsonMatchesGolden) {
  const auto r = run_vec2midi("melody-distance --roc " + shared_path(kGolden).string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto out = nlohmann::json::parse(r.out);
  const auto golden = shared_json(kGolden).at("roc_case");
  EXPECT_NEAR(out.at("auc").get<double>(), golden.at("auc").get<double>(), 1e-12);
  EXPECT_EQ(out.at("tpr_at_max_fpr").get<double>(), golden.at("sensitivity_at_fpr_1e-3").get<double>());
  EXPECT_EQ(out.at("n_pairs"), 60 * 59 / 2);
}

TEST(CmdMelodyDistance, TwoMidiFilesGiveTheGoldenDistance) {
  // Golden pairs written as MIDI and read back: quantization and track choice must not change them.
  const fs::path dir = temp_dir("melody_distance_midi");
  const auto golden = shared_json(kGolden).at("pairs");
  int n_checked = 0;
  for (size_t i = 0; i < golden.size() && n_checked < 4; ++i) {
    if (golden[i].at("a").empty() || golden[i].at("b").empty()) continue;
    const fs::path a = dir / ("a" + std::to_string(i) + ".mid"), b = dir / ("b" + std::to_string(i) + ".mid");
    music::write_melody_midi(melody_of_json(golden[i].at("a")), a);
    music::write_melody_midi(melody_of_json(golden[i].at("b")), b);
    const auto r = run_vec2midi("melody-distance " + a.string() + " " + b.string() + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto out = nlohmann::json::parse(r.out);
    for (const char* key : {"positive", "negative", "no_penalty"}) {
      EXPECT_NEAR(out.at(key).get<double>(), golden[i].at(key).get<double>(), 1e-9) << "pair " << i << " " << key;
    }
    ++n_checked;
  }
  EXPECT_EQ(n_checked, 4);
}

TEST(CmdMelodyDistance, TextShowsTheParts) {
  const auto tune = shared_path("data/melodies/oneills1850/0001-00501.mid").string();
  const auto r = run_vec2midi("melody-distance " + tune + " " + tune);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* part : {"pitch term", "time term", "first-note term", "penalty", "without penalty 0.000000"}) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part << " missing from:\n" << r.out;
  }
}

TEST(CmdMelodyDistance, BadPairsFileIsOneErrorLineAndExitTwo) {
  const fs::path dir = temp_dir("melody_distance_bad");
  std::ofstream(dir / "not_json.json") << "{\"pairs\": [";
  std::ofstream(dir / "bad_note.json") << R"({"pairs": [{"a": [[60, 4, 2]], "b": []}]})";
  std::ofstream(dir / "no_pairs.json") << R"({"melodies": []})";
  for (const char* name : {"not_json.json", "bad_note.json", "no_pairs.json"}) {
    const auto r = run_vec2midi("melody-distance --pairs " + (dir / name).string() + " --json");
    EXPECT_EQ(r.exit_code, 2) << name;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << name << ": " << r.err;
    EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

TEST(CmdMelodyDistance, NeedsSomethingToCompare) {
  const auto r = run_vec2midi("melody-distance");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(r.err.empty());
}

}  // namespace
}  // namespace vec2midi::app
