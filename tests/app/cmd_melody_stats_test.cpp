// `vec2midi melody-stats windows.bin`: statistics of an extracted file as one --json document, and one
// error line with exit code 2 for a file that is not a window file.
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

TEST(CmdMelodyStats, StatsOfAnExtractedFile) {
  const fs::path out = temp_dir("cli_stats") / "s.bin";
  const std::string tune = shared_path("data/melodies/nottingham/xmas7.mid").string();  // 5 windows, by hand
  ASSERT_EQ(run_vec2midi("extract " + tune + " -o " + out.string() + " -q").exit_code, 0);
  const auto r = run_vec2midi("melody-stats " + out.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("n_windows"), 5);
  // By hand from the tune's bars (2, 4, 4, 3, 3, 1 notes): windows hold 6 + 8 + 7 + 6 + 4 = 31 notes in
  // 10 bars; lowest G3 (55), highest E5 (76); no window is empty.
  EXPECT_EQ(doc.at("n_notes"), 31);
  EXPECT_DOUBLE_EQ(doc.at("notes_per_bar").get<double>(), 3.1);
  EXPECT_EQ(doc.at("pitch").at("min"), 55);
  EXPECT_EQ(doc.at("pitch").at("max"), 76);
  EXPECT_EQ(doc.at("empty_fraction"), 0.0);
  EXPECT_EQ(doc.at("interval_histogram").size(), 25u);
}

TEST(CmdMelodyStats, NotAWindowFileIsOneErrorLine) {
  const auto r = run_vec2midi("melody-stats " + shared_path("data/melodies/nottingham/xmas7.mid").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(n_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("xmas7.mid"), std::string::npos);
}

}  // namespace
}  // namespace vec2midi::app
