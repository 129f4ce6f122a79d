// `mpirun -np N vec2midi search` (issue 30) as a user meets it: rank 0 owns the run folder and the output, the
// other ranks evaluate; the same seed and batch give the same history with 1 and 3 ranks; a run killed under 3
// ranks resumes under 2 losing no finished evaluation; bad input is one error line, from rank 0 alone.
// Open MPI's mpirun runs here as root (CI) with --oversubscribe (3 ranks on 2 cores).
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mpi_fixture.hpp"
#include "search/search_run.hpp"
#include "search_cli_fixture.hpp"
#include "support/shell.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using search_testing::quoted;
using search_testing::search_files;

using mpi_testing::mpirun;
using mpi_testing::plain;

std::string search_args(const fs::path& run_dir, const std::string& more) {
  return "search --model " + quoted(search_files().model) + " --embedder " + quoted(search_files().embedder) +
         " --class-sizes 20 20 20 20 20 20 20 20 20 --matrices 6 --triplets 64 -q -o " + quoted(run_dir) + " " + more;
}

std::vector<search::HistoryRow> history(const fs::path& run_dir) {
  return search::read_history(run_dir / search::kHistoryFile, 6);
}

void expect_same_history(const fs::path& a, const fs::path& b) {
  const auto x = history(a), y = history(b);
  ASSERT_EQ(x.size(), y.size());
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(y[i].index, int64_t(i));
    EXPECT_EQ(x[i].a, y[i].a) << "evaluation " << i;
    EXPECT_EQ(x[i].loss, y[i].loss) << "evaluation " << i;
  }
}

// Rounds by local penalisation (the default), asked between rounds or one round ahead, with the hyperparameter
// refits at once or in the background (used a round later).
class SearchMpiRounds : public ::testing::TestWithParam<std::string> {};

TEST_P(SearchMpiRounds, OneAndThreeRanksGiveTheSameGpBoHistory) {
  const fs::path dir = vec2midi::testing::temp_dir("search_mpi_same");
  const std::string more = "--optimizer bo --initial 9 --budget 21 --batch 3 --seed 4 --json" + GetParam();
  const auto one = vec2midi::testing::run_shell(plain() + search_args(dir / "one", more));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto three = vec2midi::testing::run_shell(mpirun(3) + search_args(dir / "three", more));
  ASSERT_EQ(three.exit_code, 0) << three.err;
  // Rank 0 alone prints the summary.
  const auto doc = nlohmann::json::parse(three.out);
  EXPECT_EQ(doc.at("n_evaluations"), 21);
  EXPECT_EQ(doc.at("best_loss"), nlohmann::json::parse(one.out).at("best_loss"));
  expect_same_history(dir / "one", dir / "three");
}

INSTANTIATE_TEST_SUITE_P(AskedBetweenOrAhead, SearchMpiRounds,
                         ::testing::Values("", " --ask-ahead", " --ask-ahead --refit-every 4 --refit-lag 1"),
                         [](const auto& info) {
                           if (info.param.empty()) return std::string("Between");
                           return info.param.find("lag") == std::string::npos ? std::string("Ahead")
                                                                              : std::string("AheadRefitInTheBackground");
                         });

// --split-decodes: each evaluation's decodes spread over 3 ranks give the losses of one process (one candidate at a
// time, so the same history).
TEST(SearchMpi, SplitDecodesGiveTheLossesOfOneProcess) {
  const fs::path dir = vec2midi::testing::temp_dir("search_mpi_split");
  const std::string more = "--optimizer bo --initial 6 --budget 10 --seed 2";
  const auto one = vec2midi::testing::run_shell(plain() + search_args(dir / "one", more));
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto split = vec2midi::testing::run_shell(mpirun(3) + search_args(dir / "split", more + " --split-decodes"));
  ASSERT_EQ(split.exit_code, 0) << split.err;
  expect_same_history(dir / "one", dir / "split");
}

TEST(SearchMpi, TheDefaultBatchIsTheNumberOfRanksAndAResumeKeepsIt) {
  const fs::path dir = vec2midi::testing::temp_dir("search_mpi_batch") / "run";
  const auto first = vec2midi::testing::run_shell(mpirun(3) + search_args(dir, "--budget 9"));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::ifstream checkpoint(dir / search::kCheckpointFile);
  EXPECT_EQ(nlohmann::json::parse(checkpoint).at("config").at("batch"), 3);
  // Resumed without mpirun and without --batch: the run's own batch, so its settings match.
  const auto resumed = vec2midi::testing::run_shell(plain() + search_args(dir, "--budget 15 --resume"));
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(history(dir).size(), 15u);
  const auto other = vec2midi::testing::run_shell(plain() + search_args(dir, "--budget 18 --resume --batch 2"));
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("other settings"), std::string::npos) << other.err;
}

TEST(SearchMpi, BadInputIsOneErrorLineFromRankZero) {
  const fs::path dir = vec2midi::testing::temp_dir("search_mpi_bad");
  const auto r = vec2midi::testing::run_shell(mpirun(3) + "search --model " + quoted(dir / "missing.safetensors") +
                                              " -o " + quoted(dir / "run"));
  EXPECT_NE(r.exit_code, 0);
  size_t lines = 0;
  for (size_t at = r.err.find("vec2midi: error:"); at != std::string::npos; at = r.err.find("vec2midi: error:", at + 1)) {
    ++lines;
  }
  EXPECT_EQ(lines, 1u) << r.err;
  EXPECT_NE(r.err.find("missing.safetensors"), std::string::npos) << r.err;
  const auto cmaes = vec2midi::testing::run_shell(plain() + search_args(dir / "c", "--optimizer cmaes --batch 2"));
  EXPECT_EQ(cmaes.exit_code, 2);
  EXPECT_NE(cmaes.err.find("population"), std::string::npos) << cmaes.err;
  const auto ahead = vec2midi::testing::run_shell(plain() + search_args(dir / "t", "--optimizer turbo --ask-ahead"));
  EXPECT_EQ(ahead.exit_code, 2);
  EXPECT_NE(ahead.err.find("(random or bo), not turbo"), std::string::npos) << ahead.err;
  EXPECT_FALSE(fs::exists(dir / "t" / search::kHistoryFile));
}

// Killed (mpirun and its ranks, SIGKILL) under 3 ranks past its first checkpoint, resumed under 2: every finished
// evaluation is reused, and the history is the uninterrupted run's.
TEST(SearchMpi, AKilledRunResumesWithAnotherNumberOfRanks) {
  const fs::path dir = vec2midi::testing::temp_dir("search_mpi_kill");
  const std::string more = "--budget 240 --batch 3 --checkpoint-every 30";
  const auto whole = vec2midi::testing::run_shell(plain() + search_args(dir / "whole", more));
  ASSERT_EQ(whole.exit_code, 0) << whole.err;

  const fs::path run = dir / "killed";
  const bool killed = mpi_testing::kill_once(mpirun(3) + search_args(run, more), [&] {
    return fs::exists(run / search::kHistoryFile) && history(run).size() >= 45;
  });
  ASSERT_TRUE(killed) << "the search ended before it could be killed";
  const size_t before = history(run).size();
  ASSERT_LT(before, 240u);
  std::ifstream checkpoint(run / search::kCheckpointFile);
  const int64_t checkpointed = nlohmann::json::parse(checkpoint).at("n_told").get<int64_t>();
  EXPECT_GE(checkpointed, 30);

  const auto r = vec2midi::testing::run_shell(mpirun(2) + search_args(run, more + " --resume --json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("n_evaluations"), 240);
  EXPECT_EQ(doc.at("n_evaluated").get<int64_t>() + doc.at("n_replayed").get<int64_t>(), 240 - checkpointed);
  // Every row journaled past the checkpoint was reused (the last may have been torn by the kill).
  EXPECT_GE(doc.at("n_replayed").get<int64_t>(), int64_t(before) - checkpointed - 1);
  expect_same_history(dir / "whole", run);
}

}  // namespace
}  // namespace vec2midi::app
