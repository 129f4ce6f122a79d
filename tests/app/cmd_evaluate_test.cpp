// `vec2midi evaluate` as a user meets it: the report JSON, the plots and the MIDI folders per class.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "search/transition_file.hpp"
#include "search_cli_fixture.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using search_testing::quoted;
using search_testing::search_files;

fs::path tiny_transition() {
  const fs::path path = vec2midi::testing::temp_dir("evaluate_transition") / "t.safetensors";
  search::write_transition_file(
      path, {{.n_matrices = 3, .seed = 1, .latent_size = 8, .embedding_size = 9}, {0.07, -0.05, 0.03}, "tiny"});
  return path;
}

TEST(EvaluateCommand, ReportsAucTprAndPairs) {
  const fs::path out = vec2midi::testing::temp_dir("evaluate_out");
  const auto r = vec2midi::testing::run_vec2midi(
      "evaluate --model " + quoted(search_files().model) + " --embedder " + quoted(search_files().embedder) +
      " --transition " + quoted(tiny_transition()) + " --class-sizes 40 40 40 40 40 40 40 40 40 -o " + quoted(out) + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  // 40 per class: the last 40 - 38 = 2 of each class are test items -> 18 items, 18·17/2 = 153 pairs
  // (9 of them same-class, so the ROC has both labels).
  EXPECT_EQ(doc.at("n_pairs"), 153);
  EXPECT_TRUE(doc.contains("auc"));
  EXPECT_TRUE(doc.contains("tpr_at_fpr_1e-3"));
  EXPECT_TRUE(fs::exists(out / "roc.png"));
  EXPECT_TRUE(fs::exists(out / "interclass.png"));
  EXPECT_TRUE(fs::exists(out / "report.json"));
  EXPECT_TRUE(fs::exists(out / "midi" / "red"));
}

TEST(EvaluateCommand, MissingTransitionNamesThePath) {
  const auto r = vec2midi::testing::run_vec2midi("evaluate --model " + quoted(search_files().model) + " --embedder " +
                                                 quoted(search_files().embedder) + " --transition /nonexistent/t.safetensors");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/t.safetensors"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace vec2midi::app
