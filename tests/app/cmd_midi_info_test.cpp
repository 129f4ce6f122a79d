// `vec2midi midi-info FILE`: the --json description of a MIDI file, and one error line with exit code 2
// for a corrupt file.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {

namespace fs = std::filesystem;
using testing::run_vec2midi;
using testing::shared_path;
using testing::temp_dir;

int64_t n_lines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

TEST(CmdMidiInfo, JsonDescribesTheFile) {
  const auto r = run_vec2midi("midi-info " + shared_path("data/melodies/pop909/001.mid").string() +
                              " --track MELODY --assume-4-4 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("format"), 1);
  EXPECT_EQ(doc.at("ticks_per_quarter"), 480);
  ASSERT_EQ(doc.at("tracks").size(), 4u);
  EXPECT_EQ(doc.at("tracks")[1].at("name"), "MELODY");
  EXPECT_EQ(doc.at("tracks")[1].at("n_notes"), 264);
  EXPECT_GT(doc.at("windows").get<int>(), 0);
  EXPECT_EQ(doc.at("rejection"), "");
}

TEST(CmdMidiInfo, HandCountedTuneShowsItsWindows) {
  const auto r = run_vec2midi("midi-info " + shared_path("data/melodies/nottingham/morris19.mid").string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).at("windows"), 7);
}

TEST(CmdMidiInfo, CorruptFileIsOneErrorLineAndExitTwo) {
  const fs::path dir = temp_dir("cli_corrupt");
  std::string bytes;
  {
    std::ifstream in(shared_path("data/melodies/nottingham/xmas7.mid"), std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::ofstream(dir / "truncated.mid", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  std::ofstream(dir / "random.mid", std::ios::binary) << "\x12\x9a\xffgarbage\x7f\x80";
  std::ofstream(dir / "empty.mid").close();
  for (const char* name : {"truncated.mid", "random.mid", "empty.mid"}) {
    const auto r = run_vec2midi("midi-info " + (dir / name).string());
    EXPECT_EQ(r.exit_code, 2) << name;
    EXPECT_EQ(n_lines(r.err), 1) << name << ": " << r.err;
    EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

}  // namespace
}  // namespace vec2midi::app
