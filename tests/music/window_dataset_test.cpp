#include "music/window_dataset.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::music {
namespace {

using testing::temp_dir;

WindowDataset small_dataset() {
  WindowDataset d;
  d.sources = {{.file = "a/1.mid", .corpus = "a"}, {.file = "b/2.mid", .corpus = "b"}};
  std::vector<uint8_t> w(kWindowSteps, kNoEvent);
  w[0] = 41;
  d.add(w, 0, 0);
  w[5] = kNoteOff;
  d.add(w, 0, 1);
  w[9] = 89;
  d.add(w, 1, 7);
  return d;
}

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

TEST(WindowDataset, WriteThenReadRoundTrips) {
  const auto dir = temp_dir("windows_roundtrip");
  const WindowDataset d = small_dataset();
  write_window_dataset(d, dir / "w.bin");
  EXPECT_TRUE(std::filesystem::exists(dir / "w.bin.json"));
  EXPECT_EQ(read_window_dataset(dir / "w.bin"), d);
}

TEST(WindowDataset, FileLayoutIsHeaderThenRawEvents) {
  const auto dir = temp_dir("windows_layout");
  const WindowDataset d = small_dataset();
  write_window_dataset(d, dir / "w.bin");
  const std::string bytes = io::read_file(dir / "w.bin");
  ASSERT_EQ(bytes.size(), 24u + 3u * kWindowSteps);
  EXPECT_EQ(bytes.substr(0, 8), "V2MWINDO");
  EXPECT_EQ(bytes[8], 1);                 // version, little-endian uint32
  EXPECT_EQ(bytes[12], kWindowSteps);     // n_steps
  EXPECT_EQ(bytes[16], 3);                // n_windows, little-endian uint64
  EXPECT_EQ(static_cast<uint8_t>(bytes[24 + 2 * kWindowSteps + 9]), 89);
}

TEST(WindowDataset, EventsCanBeReadWithoutTheManifest) {
  const auto dir = temp_dir("windows_events_only");
  write_window_dataset(small_dataset(), dir / "w.bin");
  std::filesystem::remove(dir / "w.bin.json");
  EXPECT_EQ(read_window_events(dir / "w.bin").events, small_dataset().events);
  EXPECT_THROW(read_window_dataset(dir / "w.bin"), InputError);
}

TEST(WindowDataset, EmptyDatasetRoundTrips) {
  const auto dir = temp_dir("windows_empty");
  const WindowDataset d;
  write_window_dataset(d, dir / "e.bin");
  EXPECT_EQ(read_window_dataset(dir / "e.bin").n_windows(), 0);
}

TEST(WindowDataset, BadMagicIsBadInput) {
  const auto dir = temp_dir("windows_magic");
  write_bytes(dir / "x.bin", std::string(24 + kWindowSteps, '\0'));
  EXPECT_THROW(read_window_events(dir / "x.bin"), InputError);
}

TEST(WindowDataset, TruncatedFileIsBadInput) {
  const auto dir = temp_dir("windows_truncated");
  write_window_dataset(small_dataset(), dir / "w.bin");
  const std::string bytes = io::read_file(dir / "w.bin");
  write_bytes(dir / "t.bin", bytes.substr(0, bytes.size() - 1));
  try {
    read_window_events(dir / "t.bin");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("t.bin"), std::string::npos) << e.what();
  }
}

TEST(WindowDataset, EventOutsideTheVocabularyIsBadInput) {
  const auto dir = temp_dir("windows_event");
  write_window_dataset(small_dataset(), dir / "w.bin");
  std::string bytes = io::read_file(dir / "w.bin");
  bytes[30] = static_cast<char>(kNumMelodyEvents);
  write_bytes(dir / "w.bin", bytes);
  EXPECT_THROW(read_window_events(dir / "w.bin"), InputError);
}

TEST(WindowDataset, HugeDeclaredCountIsBadInputNotAnAllocation) {
  const auto dir = temp_dir("windows_huge");
  std::string bytes = "V2MWINDO";
  bytes += std::string("\x01\x00\x00\x00\x20\x00\x00\x00", 8);
  bytes += std::string("\xff\xff\xff\xff\xff\xff\xff\x7f", 8);
  write_bytes(dir / "h.bin", bytes + std::string(32, '\0'));
  EXPECT_THROW(read_window_events(dir / "h.bin"), InputError);
}

TEST(WindowDataset, ManifestThatDisagreesIsBadInput) {
  const auto dir = temp_dir("windows_manifest");
  write_window_dataset(small_dataset(), dir / "w.bin");
  WindowDataset other = small_dataset();
  other.add(other.window(0), 0, 3);
  write_window_dataset(other, dir / "o.bin");
  std::filesystem::copy_file(dir / "o.bin.json", dir / "w.bin.json", std::filesystem::copy_options::overwrite_existing);
  EXPECT_THROW(read_window_dataset(dir / "w.bin"), InputError);
  write_bytes(dir / "w.bin.json", "{not json");
  EXPECT_THROW(read_window_dataset(dir / "w.bin"), InputError);
}

TEST(WindowDataset, InconsistentDatasetIsNotWritten) {
  const auto dir = temp_dir("windows_inconsistent");
  WindowDataset d = small_dataset();
  d.source_index[1] = 5;  // no such source
  EXPECT_THROW(write_window_dataset(d, dir / "w.bin"), InputError);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(WindowDataset, AddRejectsAWindowOfTheWrongLength) {
  WindowDataset d;
  const std::vector<uint8_t> short_window(kWindowSteps - 1, 0);
  EXPECT_THROW(d.add(short_window, 0, 0), InputError);
}

}  // namespace
}  // namespace vec2midi::music
