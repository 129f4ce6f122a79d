// A child's standard error in a temporary file, and the line of it that explains a failure.
#include "io/program_log.hpp"

#include <gtest/gtest.h>

#include "io/child_process.hpp"

namespace vec2midi::io {
namespace {

TEST(ProgramLog, TheLastLineWithTextExplainsTheFailure) {
  std::filesystem::path path;
  {
    const ProgramLog log;
    path = log.path();
    EXPECT_TRUE(std::filesystem::exists(path));
    EXPECT_EQ(log.last_line(), "");
    ChildProcess child({"sh", "-c", "echo first >&2; echo 'the reason' >&2; printf '\\n  \\n' >&2; exit 3"},
                       {.stderr_path = log.path()});
    EXPECT_EQ(child.wait(), 3);
    EXPECT_EQ(log.last_line(), "the reason");
  }
  EXPECT_FALSE(std::filesystem::exists(path));  // removed with the object
}

TEST(ProgramLog, LastNonEmptyLineSkipsBlankEndsAndCarriageReturns) {
  EXPECT_EQ(last_nonempty_line("a\nb\r\n\n"), "b");
  EXPECT_EQ(last_nonempty_line("only"), "only");
  EXPECT_EQ(last_nonempty_line("\n \n\t\n"), "");
  EXPECT_EQ(last_nonempty_line(""), "");
}

TEST(ProgramLog, TwoLogsAreTwoFiles) {
  const ProgramLog a, b;
  EXPECT_NE(a.path(), b.path());
}

}  // namespace
}  // namespace vec2midi::io
