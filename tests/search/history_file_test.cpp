#include "search/history_file.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::search {
namespace {

namespace fs = std::filesystem;

std::vector<HistoryRow> three_rows() {
  return {{.index = 0, .loss = 1.5, .seconds = 0.25, .a = {0.01, -0.02}},
          {.index = 1, .loss = 0.1 + 0.2, .seconds = 0.5, .a = {1.0 / 3.0, 0.0}},
          {.index = 2, .loss = -4.0, .seconds = 1.0, .a = {-0.07, 0.07}}};
}

TEST(HistoryFile, RowsWrittenAndAppendedReadBackExactly) {
  const fs::path path = vec2midi::testing::temp_dir("history_file_round_trip") / "history.csv";
  const auto rows = three_rows();
  write_history(path, {rows[0], rows[1]}, 2);
  {
    Journal journal(path);
    journal.append(rows[2]);
  }
  const auto back = read_history(path, 2);
  ASSERT_EQ(back.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back[i].index, rows[i].index);
    EXPECT_EQ(back[i].loss, rows[i].loss);  // %.17g: the same doubles
    EXPECT_EQ(back[i].a, rows[i].a);
  }
  EXPECT_EQ(io::read_file(path).substr(0, 24), "index,loss,seconds,a_0,a");
}

TEST(HistoryFile, RowsOutOfOrderAreSortedAndATornLastLineIsDropped) {
  const fs::path path = vec2midi::testing::temp_dir("history_file_torn") / "history.csv";
  const auto rows = three_rows();
  write_history(path, {rows[2], rows[0], rows[1]}, 2);
  { std::ofstream(path, std::ios::app) << "3,0.5,0.1,0.01"; }  // a kill while appending
  const auto back = read_history(path, 2);
  ASSERT_EQ(back.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(back[i].index, int64_t(i));
}

TEST(HistoryFile, AnEvaluationTwiceOrAnotherWidthIsAnInputError) {
  const fs::path path = vec2midi::testing::temp_dir("history_file_twice") / "history.csv";
  write_history(path, three_rows(), 2);
  EXPECT_THROW(read_history(path, 3), InputError);  // a history of another number of coefficients
  { std::ofstream(path, std::ios::app) << "1,0.5,0.1,0.01,0.02\n"; }
  try {
    read_history(path, 2);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("evaluation 1 appears twice"), std::string::npos) << e.what();
  }
}

TEST(HistoryFile, AJournalThatCannotOpenIsAnError) {
  EXPECT_THROW(Journal(vec2midi::testing::temp_dir("history_file_dir")), Error);  // a folder, not a file
}

}  // namespace
}  // namespace vec2midi::search
