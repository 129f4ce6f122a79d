#include "io/progress.hpp"

#include <gtest/gtest.h>

namespace vec2midi::io {
namespace {

TEST(FormatDuration, SecondsMinutesHours) {
  EXPECT_EQ(format_duration(12.4), "12s");
  EXPECT_EQ(format_duration(185), "3m05s");
  EXPECT_EQ(format_duration(3720), "1h02m");
}

TEST(FormatDuration, UnknownForNonFinite) {
  EXPECT_EQ(format_duration(-1), "?");
  EXPECT_EQ(format_duration(1.0 / 0.0), "?");
}

TEST(Progress, CountsWhatIsDone) {
  Progress p("test", 10, /*enabled=*/false);
  p.advance(3);
  p.advance();
  EXPECT_EQ(p.done(), 4);
  p.resume_from(7);
  EXPECT_EQ(p.done(), 7);
}

}  // namespace
}  // namespace vec2midi::io
