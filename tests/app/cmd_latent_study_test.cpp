// `vec2midi latent-study` as a user meets it: the ranked dimensions as JSON and the importance plot.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "search_cli_fixture.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using search_testing::quoted;
using search_testing::search_files;

TEST(LatentStudyCommand, RanksEveryLatentDimension) {
  const fs::path out = vec2midi::testing::temp_dir("latent_study_out");
  const auto r = vec2midi::testing::run_vec2midi("latent-study --model " + quoted(search_files().model) + " -o " + quoted(out) +
                                                 " --samples 400 --probes 30 --clusters 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("dims").size(), 8u);
  EXPECT_TRUE(fs::exists(out / "importance.png"));
  EXPECT_TRUE(fs::exists(out / "latent_study.json"));
}

}  // namespace
}  // namespace vec2midi::app
