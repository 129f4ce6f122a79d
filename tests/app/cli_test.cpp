// The command line as a user meets it: exit codes, one-line errors, --json documents.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {
using testing::run_vec2midi;

TEST(Cli, HelpListsSubcommandsAndSucceeds) {
  const auto r = run_vec2midi("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("info"), std::string::npos);
}

TEST(Cli, UnknownSubcommandIsBadUsage) {
  const auto r = run_vec2midi("no-such-command");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(Cli, MissingSubcommandIsBadUsage) {
  EXPECT_EQ(run_vec2midi("").exit_code, 2);
}

TEST(Cli, InfoJsonIsOneDocument) {
  const auto r = run_vec2midi("info --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_TRUE(doc.contains("models"));
}

}  // namespace
}  // namespace vec2midi::app
