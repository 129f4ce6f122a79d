#include "io/jsonl_journal.hpp"

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
