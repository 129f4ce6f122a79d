// `vec2midi extract` as a user meets it: counts, the --json document, the files written, and one clear
// error line with exit code 2 for bad input.
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

/// A small corpus: three hand-counted tunes (3 + 5 + 7 windows), a 3/4 tune and a corrupt file.
fs::path small_corpus() {
  const fs::path dir = temp_dir("cli_corpus") / "mini";
  fs::create_directories(dir);
  for (const char* f : {"essen/altdeu20128.mid", "nottingham/xmas7.mid", "nottingham/morris19.mid",
                        "nottingham/ashover1.mid"}) {
    fs::copy_file(shared_path(std::string("data/melodies/") + f), dir / fs::path(f).filename());
  }
  std::ofstream(dir / "broken.mid", std::ios::binary) << std::string("MThd\0\0\0\6\0\1\0\1\1\xe0MTrk\0\0\1\0", 22);
  return dir;
}

TEST(CmdExtract, JsonCountsAndFilesWritten) {
  const fs::path corpus = small_corpus();
  const fs::path out = corpus.parent_path() / "w.bin";
  const auto r = run_vec2midi("extract " + corpus.string() + " -o " + out.string() + " --json -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("files_read"), 5);
  EXPECT_EQ(doc.at("files_rejected"), 2);
  EXPECT_EQ(doc.at("rejections").at("unreadable"), 1);
  EXPECT_EQ(doc.at("rejections").at("not_4_4"), 1);
  EXPECT_EQ(doc.at("windows"), 3 + 5 + 7);
  EXPECT_EQ(doc.at("unreadable_files").size(), 1u);
  EXPECT_EQ(fs::file_size(out), 24u + 15u * 32u);
  const auto manifest = nlohmann::json::parse(std::ifstream(out.string() + ".json"));
  EXPECT_EQ(manifest.at("n_windows"), 15);
  EXPECT_EQ(manifest.at("sources").size(), 3u);
  EXPECT_EQ(manifest.at("sources")[0].at("corpus"), "mini");
}

TEST(CmdExtract, TextReportNamesTheReasons) {
  const fs::path corpus = small_corpus();
  const auto r = run_vec2midi("extract " + corpus.string() + " -o " + (corpus.parent_path() / "t.bin").string() + " -q");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("5 files read, 2 rejected"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not_4_4 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("broken.mid"), std::string::npos) << r.out;
}

TEST(CmdExtract, KeepDuplicatesKeepsTheRepeatedWindow) {
  // morris19 repeats bars 5-7, so one of its eight windows is a duplicate (counted by hand).
  const std::string tune = shared_path("data/melodies/nottingham/morris19.mid").string();
  const fs::path dir = temp_dir("cli_duplicates");
  const auto dropped = run_vec2midi("extract " + tune + " -o " + (dir / "a.bin").string() + " --json");
  const auto kept = run_vec2midi("extract " + tune + " -o " + (dir / "b.bin").string() + " --json --keep-duplicates");
  ASSERT_EQ(dropped.exit_code, 0) << dropped.err;
  ASSERT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_EQ(nlohmann::json::parse(dropped.out).at("windows"), 7);
  EXPECT_EQ(nlohmann::json::parse(kept.out).at("windows"), 8);
}

TEST(CmdExtract, MissingCorpusIsOneErrorLine) {
  const fs::path dir = temp_dir("cli_missing");
  const auto r = run_vec2midi("extract /nonexistent/corpus -o " + (dir / "w.bin").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(n_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/corpus"), std::string::npos);
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(CmdExtract, OnlyCorruptInputIsOneErrorLineAndNoOutput) {
  const fs::path dir = temp_dir("cli_only_corrupt");
  std::ofstream(dir / "bad.mid", std::ios::binary) << std::string("MThd\0\0\0\6\0\0\0\1\1\xe0MTrk\0\0\0\x10\0\x90", 22);
  const auto r = run_vec2midi("extract " + (dir / "bad.mid").string() + " -o " + (dir / "w.bin").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(n_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("bad.mid"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "w.bin"));
}

TEST(CmdExtract, DirectoryWithoutMidiFilesIsOneErrorLine) {
  const fs::path dir = temp_dir("cli_no_midi");
  std::ofstream(dir / "readme.txt") << "no tunes here";
  const auto r = run_vec2midi("extract " + dir.string() + " -o " + (dir / "w.bin").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(n_lines(r.err), 1) << r.err;
  EXPECT_FALSE(fs::exists(dir / "w.bin"));
}

TEST(CmdExtract, MissingOutputDirectoryIsOneErrorLine) {
  const auto r = run_vec2midi("extract " + shared_path("data/melodies/nottingham/xmas7.mid").string() +
                              " -o /nonexistent/dir/w.bin");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(n_lines(r.err), 1) << r.err;
}

}  // namespace
}  // namespace vec2midi::app
