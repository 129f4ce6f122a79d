#include "music/corpus_extraction.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "io/error.hpp"
#include "music/smf_bytes.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::music {
namespace {

using testing::shared_path;
using testing::temp_dir;

FileWindows windows_of(const std::string& relative, const ExtractionOptions& options = {}) {
  return extract_windows(read_midi(shared_path("data/melodies/" + relative)), options);
}

// Hand counts. Each tune's notes were listed (pitch, onset and release in quarters) with a separate
// throw-away parser of the raw bytes, and the windows counted on paper with the rules of the issue:
// melody from the bar of the first note to the end of the last, padded to whole bars; no rest of a
// bar or more inside; n bars give n - 1 two-bar windows; identical windows counted once.

TEST(CorpusExtraction, HandCountEssenAltdeu20128) {
  // 4/4, ten notes from quarter 0 to 16: four bars, no rest of a bar, all bars differ -> 3 windows.
  const FileWindows w = windows_of("essen/altdeu20128.mid");
  EXPECT_EQ(w.n_melodies, 1);
  EXPECT_EQ(w.windows.size(), 3u);
  EXPECT_EQ(w.n_duplicates, 0);
}

TEST(CorpusExtraction, HandCountEssenBallad5018) {
  // 4/4, eleven notes ending at quarter 11: padded to three bars -> 2 windows.
  EXPECT_EQ(windows_of("essen/ballad5018.mid").windows.size(), 2u);
}

TEST(CorpusExtraction, HandCountNottinghamXmas7) {
  // 4/4, seventeen notes ending at quarter 22: padded to six bars, all different -> 5 windows.
  const FileWindows w = windows_of("nottingham/xmas7.mid");
  EXPECT_EQ(w.windows.size(), 5u);
  EXPECT_EQ(w.windows.front().start_bar, 0);
  EXPECT_EQ(w.windows.back().start_bar, 4);
}

TEST(CorpusExtraction, HandCountNottinghamMorris19) {
  // 4/4, pickup at quarter 3 (the melody starts at bar 0), last note ends at quarter 35: nine bars,
  // eight windows; bars 5, 6 and 7 are the same B G G A, so window (6,7) repeats (5,6) -> 7 kept.
  const FileWindows w = windows_of("nottingham/morris19.mid");
  EXPECT_EQ(w.windows.size(), 7u);
  EXPECT_EQ(w.n_duplicates, 1);
}

TEST(CorpusExtraction, HandCountOneills0051) {
  // 4/4 with triplets; a one-quarter rest at quarter 16 does not split; the last note ends at
  // quarter 33, so nine bars -> 8 windows, none repeated.
  EXPECT_EQ(windows_of("oneills1850/0051-010095.mid").windows.size(), 8u);
}

TEST(CorpusExtraction, TwoFourPop909MelodyIsNotFourFour) {
  // POP909 001 declares 2/4: nothing is kept unless the time signature is ignored.
  const FileWindows w = windows_of("pop909/001.mid", {.track_name = "MELODY"});
  EXPECT_TRUE(w.windows.empty());
  EXPECT_EQ(w.rejection, Rejection::kNotFourFour);
  EXPECT_FALSE(windows_of("pop909/001.mid", {.track_name = "MELODY", .assume_four_four = true}).windows.empty());
}

TEST(CorpusExtraction, ThreeFourAndTwoFourChangesAreNotFourFour) {
  // ashover1 alternates 3/4 and 2/4.
  EXPECT_EQ(windows_of("nottingham/ashover1.mid").rejection, Rejection::kNotFourFour);
}

TEST(CorpusExtraction, NottinghamTotalsMatchAnIndependentImplementation) {
  // A separate re-implementation of the same rules (Python, with its own SMF parser and note pairing,
  // written without this code) counts 1,034 files, 485 of them without 4/4 material, and 9,742 windows.
  const CorpusExtraction r = extract_corpora({shared_path("data/melodies/nottingham")}, {.progress = false});
  EXPECT_EQ(r.report.total.files_read, 1034);
  EXPECT_EQ(r.report.total.files_rejected, 485);
  EXPECT_EQ(r.report.total.rejections.at("not_4_4"), 485);
  EXPECT_EQ(r.report.total.windows, 9742);
}

TEST(CorpusExtraction, BadFilesAreCountedAndSkipped) {
  const auto dir = temp_dir("corpus_bad") / "mini";
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(shared_path("data/melodies/nottingham/xmas7.mid"), dir / "a.mid");
  std::filesystem::copy_file(shared_path("data/melodies/nottingham/ashover1.mid"), dir / "b.mid");
  std::ofstream(dir / "c.mid") << "this is not MIDI";
  std::ofstream(dir / "d.mid").close();
  std::ofstream(dir / "readme.txt") << "ignored";
  const CorpusExtraction r = extract_corpora({dir}, {.progress = false});
  const CorpusCounts& c = r.report.total;
  EXPECT_EQ(c.files_read, 4);
  EXPECT_EQ(c.files_rejected, 3);
  EXPECT_EQ(c.rejections.at("unreadable"), 2);
  EXPECT_EQ(c.rejections.at("not_4_4"), 1);
  EXPECT_EQ(c.windows, 5);  // xmas7, counted by hand above
  EXPECT_EQ(r.dataset.n_windows(), 5);
  ASSERT_EQ(r.dataset.sources.size(), 1u);
  EXPECT_EQ(r.dataset.sources[0].corpus, "mini");
  ASSERT_EQ(r.report.rejected.size(), 3u);
  EXPECT_NE(r.report.rejected[1].message.find("c.mid"), std::string::npos);
}

TEST(CorpusExtraction, ResultDoesNotDependOnThreads) {
  const auto root = shared_path("data/melodies/nottingham");
  std::vector<std::filesystem::path> some = list_midi_files(root);
  some.resize(60);
  const auto dir = temp_dir("corpus_threads") / "nott";
  std::filesystem::create_directories(dir);
  for (const auto& f : some) std::filesystem::copy_file(f, dir / f.filename());
  const CorpusExtraction one = extract_corpora({dir}, {.n_threads = 1, .progress = false});
  const CorpusExtraction four = extract_corpora({dir}, {.n_threads = 4, .progress = false});
  EXPECT_GT(one.dataset.n_windows(), 0);
  EXPECT_EQ(one.dataset, four.dataset);
}

TEST(CorpusExtraction, DedupeAcrossFilesDropsRepeats) {
  const auto dir = temp_dir("corpus_dedupe") / "twice";
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(shared_path("data/melodies/nottingham/xmas7.mid"), dir / "a.mid");
  std::filesystem::copy_file(shared_path("data/melodies/nottingham/xmas7.mid"), dir / "b.mid");
  EXPECT_EQ(extract_corpora({dir}, {.progress = false}).dataset.n_windows(), 10);
  const CorpusExtraction once = extract_corpora({dir}, {.dedupe_across_files = true, .progress = false});
  EXPECT_EQ(once.dataset.n_windows(), 5);
  EXPECT_EQ(once.report.total.duplicates, 5);
}

TEST(CorpusExtraction, MissingCorpusIsBadInput) {
  EXPECT_THROW(extract_corpora({"/nonexistent/corpus"}, {.progress = false}), InputError);
}

TEST(CorpusExtraction, ListsMidiFilesRecursivelyAndSorted) {
  const auto dir = temp_dir("corpus_list");
  std::filesystem::create_directories(dir / "sub");
  for (const char* name : {"b.mid", "a.MIDI", "sub/c.mid", "notes.txt"}) std::ofstream(dir / name).close();
  const auto files = list_midi_files(dir);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].filename(), "a.MIDI");
  EXPECT_EQ(files[2].filename(), "c.mid");
  EXPECT_EQ(corpus_name(dir / ""), dir.filename().string());
}

}  // namespace
}  // namespace vec2midi::music
