#include "io/jsonl_journal.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include <gtest/gtest.h>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::io {
namespace {
namespace fs = std::filesystem;

TEST(JsonlJournal, LinesAppendedAreReadBackInOrder) {
  const fs::path path = testing::temp_dir("jsonl_roundtrip") / "m.jsonl";
  {
    JsonlJournal journal(path);
    EXPECT_TRUE(journal.lines().empty());
    journal.append({{"image", "a.jpg"}, {"n", 1}});
    journal.append({{"image", "line\nbreak.jpg"}, {"n", 2}});
  }
  EXPECT_EQ(read_file(path), "{\"image\":\"a.jpg\",\"n\":1}\n{\"image\":\"line\\nbreak.jpg\",\"n\":2}\n");
  JsonlJournal again(path);
  ASSERT_EQ(again.lines().size(), 2u);
  EXPECT_EQ(again.lines()[1]["image"], "line\nbreak.jpg");
  again.append({{"n", 3}});
  EXPECT_EQ(JsonlJournal(path).lines().size(), 3u);
}

TEST(JsonlJournal, GroupCommitsFsyncEveryNLinesOrAfterATime) {
  const fs::path path = testing::temp_dir("jsonl_group") / "m.jsonl";
  JsonlJournal journal(path, {.max_lines = 4, .max_seconds = 3600.0});
  for (int i = 1; i <= 3; ++i) journal.append({{"n", i}});
  EXPECT_EQ(journal.unsynced(), 3);
  EXPECT_EQ(JsonlJournal(path).lines().size(), 3u);  // flushed: another reader sees them before any fsync
  journal.append({{"n", 4}});
  EXPECT_EQ(journal.unsynced(), 0);
  journal.append({{"n", 5}});
  journal.sync();
  EXPECT_EQ(journal.unsynced(), 0);

  const fs::path timed = testing::temp_dir("jsonl_group_timed") / "m.jsonl";
  JsonlJournal by_time(timed, {.max_lines = 1000, .max_seconds = 0.05});
  by_time.append({{"n", 1}});
  EXPECT_EQ(by_time.unsynced(), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(80));
  by_time.append({{"n", 2}});
  EXPECT_EQ(by_time.unsynced(), 0);
  EXPECT_THROW(JsonlJournal(timed, {.max_lines = 0}), InputError);
}

TEST(JsonlJournal, AKilledProcessLosesNoLineOfAnUnsyncedGroup) {
  // A child appends 5 lines of a group of 100 (none fsynced) and dies without closing the journal.
  const fs::path path = testing::temp_dir("jsonl_group_kill") / "m.jsonl";
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    JsonlJournal journal(path, {.max_lines = 100, .max_seconds = 3600.0});
    for (int i = 0; i < 5; ++i) journal.append({{"n", i}});
    ::_exit(journal.unsynced() == 5 ? 0 : 1);  // no destructor, no fsync
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(JsonlJournal(path).lines().size(), 5u);
}

TEST(JsonlJournal, ALineCutShortByAKillIsDropped) {
  const fs::path path = testing::temp_dir("jsonl_torn") / "m.jsonl";
  write_file_atomic(path, "{\"n\":1}\n{\"n\":2}\n{\"n\":");
  {
    JsonlJournal journal(path);
    ASSERT_EQ(journal.lines().size(), 2u);
    journal.append({{"n", 3}});
  }
  EXPECT_EQ(read_file(path), "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
}

TEST(JsonlJournal, AFileOfSomethingElseIsRefusedAndKept) {
  const fs::path path = testing::temp_dir("jsonl_other") / "notes.txt";
  write_file_atomic(path, "{\"n\":1}\nhello world\n");
  try {
    JsonlJournal journal(path);
    FAIL() << "a file that is not a journal was opened";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path.string() + ":2: not a JSON object (is this a journal?)");
  }
  EXPECT_EQ(read_file(path), "{\"n\":1}\nhello world\n");
}

TEST(JsonlJournal, NamesThatAreNotUtf8AreWrittenReplaced) {
  const fs::path path = testing::temp_dir("jsonl_utf8") / "m.jsonl";
  JsonlJournal(path).append({{"image", std::string("caf\xe9.jpg")}});
  EXPECT_EQ(JsonlJournal(path).lines().at(0)["image"], "caf\xef\xbf\xbd.jpg");
}

}  // namespace
}  // namespace vec2midi::io
