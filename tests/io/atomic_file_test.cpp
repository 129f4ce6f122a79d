#include "io/atomic_file.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::io {
namespace {
namespace fs = std::filesystem;

size_t count_entries(const fs::path& dir) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(AtomicFile, CommitWritesTheWholeFile) {
  const fs::path dir = testing::temp_dir("atomic_commit");
  write_file_atomic(dir / "out.bin", "hello");
  EXPECT_EQ(read_file(dir / "out.bin"), "hello");
  EXPECT_EQ(count_entries(dir), 1u);
}

TEST(AtomicFile, UncommittedLeavesNothingBehind) {
  const fs::path dir = testing::temp_dir("atomic_abort");
  {
    AtomicFile file(dir / "out.bin");
    file.stream() << "partial";
  }
  EXPECT_EQ(count_entries(dir), 0u);
}

TEST(AtomicFile, UncommittedKeepsTheOldVersion) {
  const fs::path dir = testing::temp_dir("atomic_keep");
  write_file_atomic(dir / "out.bin", "old");
  {
    AtomicFile file(dir / "out.bin");
    file.stream() << "new but abandoned";
  }
  EXPECT_EQ(read_file(dir / "out.bin"), "old");
}

TEST(AtomicFile, MissingDirectoryIsAnInputError) {
  const fs::path dir = testing::temp_dir("atomic_missing");
  EXPECT_THROW(AtomicFile(dir / "no" / "such" / "out.bin"), InputError);
}

TEST(ReadFile, MissingFileNamesThePath) {
  try {
    read_file("/nonexistent/vec2midi.bin");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/vec2midi.bin"), std::string::npos);
  }
}

TEST(ReadFile, RefusesFilesOverTheLimit) {
  const fs::path dir = testing::temp_dir("read_limit");
  write_file_atomic(dir / "big.bin", std::string(100, 'x'));
  EXPECT_THROW(read_file(dir / "big.bin", 99), InputError);
  EXPECT_EQ(read_file(dir / "big.bin", 100).size(), 100u);
}

}  // namespace
}  // namespace vec2midi::io
