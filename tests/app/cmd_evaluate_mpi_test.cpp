// `mpirun -np N vec2midi evaluate --fresh-draws K` (issue 30): the draws spread over the ranks give the figures of
// one process; with -o each finished draw is journaled (OUT/draws.jsonl) and a run started again reuses it.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "io/atomic_file.hpp"
#include "io/jsonl_journal.hpp"
#include "mpi_fixture.hpp"
#include "search_cli_fixture.hpp"
#include "support/shell.hpp"
#include "transition/transition_file.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using search_testing::quoted;
using search_testing::search_files;

std::string evaluate_args(const fs::path& dir, const std::string& more) {
  const fs::path transition = dir / "t.safetensors";
  if (!fs::exists(transition)) {
    transition::write_transition_file(
        transition, {{.n_matrices = 3, .seed = 1, .latent_size = 8, .embedding_size = 9}, {0.07, -0.05, 0.03}, "tiny"});
  }
  return "evaluate --model " + quoted(search_files().model) + " --embedder " + quoted(search_files().embedder) +
         " --transition " + quoted(transition) + " --class-sizes 60 60 60 60 60 60 60 60 60 --fresh-draws 6 --json " + more;
}

TEST(EvaluateMpi, DrawsOverThreeRanksAreTheDrawsOfOneProcess) {
  const fs::path dir = vec2midi::testing::temp_dir("evaluate_mpi");
  const auto one = vec2midi::testing::run_shell(mpi_testing::plain() + evaluate_args(dir, ""));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto three = vec2midi::testing::run_shell(mpi_testing::mpirun(3) + evaluate_args(dir, "-o " + quoted(dir / "out")));
  ASSERT_EQ(three.exit_code, 0) << three.err;
  const auto a = nlohmann::json::parse(one.out), b = nlohmann::json::parse(three.out);
  EXPECT_EQ(a.at("draws"), b.at("draws"));
  EXPECT_EQ(a.at("auc_mean"), b.at("auc_mean"));
  EXPECT_EQ(io::JsonlJournal(dir / "out" / "draws.jsonl").lines().size(), 5u);  // every draw but the first
}

TEST(EvaluateMpi, ARunStartedAgainReusesTheJournaledDraws) {
  const fs::path dir = vec2midi::testing::temp_dir("evaluate_journal");
  const auto first = vec2midi::testing::run_shell(mpi_testing::plain() + evaluate_args(dir, "-o " + quoted(dir / "out")));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  // A journaled draw is reused as it stands: change one figure and the report shows it.
  const fs::path journal = dir / "out" / "draws.jsonl";
  std::vector<nlohmann::json> lines = io::JsonlJournal(journal).lines();
  ASSERT_EQ(lines.size(), 5u);
  lines[0]["auc"] = 0.25;
  std::string text;
  for (const auto& line : lines) text += line.dump() + "\n";
  io::write_file_atomic(journal, text);
  const auto again = vec2midi::testing::run_shell(mpi_testing::mpirun(2) + evaluate_args(dir, "-o " + quoted(dir / "out")));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  bool reused = false;
  const auto doc = nlohmann::json::parse(again.out);
  for (const auto& d : doc.at("draws")) reused |= d.at("auc") == 0.25;
  EXPECT_TRUE(reused) << again.out;
  EXPECT_EQ(io::JsonlJournal(journal).lines().size(), 5u);  // nothing evaluated again
  // Other settings (here the steps decoded) evaluate their own draws.
  const auto other = vec2midi::testing::run_shell(mpi_testing::plain() + evaluate_args(dir, "--steps 8 -o " + quoted(dir / "out")));
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_EQ(io::JsonlJournal(journal).lines().size(), 10u);
}

}  // namespace
}  // namespace vec2midi::app
