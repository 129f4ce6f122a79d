#include "search/search_run.hpp"

#include <fstream>
#include <limits>

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "io/atomic_file.hpp"
#include "optim/cmaes.hpp"
#include "optim/gp_bo.hpp"
#include "optim/random_search.hpp"
#include "search/batch_evaluator.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::search {
namespace {

namespace fs = std::filesystem;

double quadratic(std::span<const double> a, int64_t index) {
  double s = 0;
  for (double v : a) s += v * v;
  return s + 1e-6 * static_cast<double>(index % 7);
}

// The quadratic, counting its calls in `calls`, and throwing ("killed") on the call after `limit`.
ObjectiveFunction counted_quadratic(int64_t& calls, int64_t limit = std::numeric_limits<int64_t>::max()) {
  return [&calls, limit](std::span<const double> a, int64_t index) {
    if (++calls > limit) throw std::runtime_error("killed");
    return quadratic(a, index);
  };
}

SearchRunOptions run_options(const fs::path& dir, int64_t budget, bool resume) {
  SearchRunOptions o;
  o.run_dir = dir;
  o.budget = budget;
  o.resume = resume;
  o.checkpoint_every = 10;
  o.show_progress = false;
  o.config = {{"test", 1}};
  o.transition = {.n_matrices = 3, .latent_size = 4, .embedding_size = 2};
  o.model = "test";
  return o;
}

// The two runs' histories are the same, row by row, with the indices 0, 1, 2, ...
void expect_same_history(const fs::path& whole, const fs::path& resumed) {
  const auto a = read_history(whole / kHistoryFile, 3), b = read_history(resumed / kHistoryFile, 3);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(b[i].index, int64_t(i));
    EXPECT_EQ(a[i].a, b[i].a);
    EXPECT_EQ(a[i].loss, b[i].loss);
  }
}

TEST(SearchRun, WritesHistoryCheckpointBestTransitionAndPlot) {
  const fs::path dir = vec2midi::testing::temp_dir("search_run_files");
  optim::RandomSearch opt({.n_dims = 3}, 1);
  const auto report = run_search(opt, quadratic, run_options(dir, 25, false));
  EXPECT_EQ(report.n_evaluations, 25);
  const auto history = read_history(dir / kHistoryFile, 3);
  ASSERT_EQ(history.size(), 25u);
  for (size_t i = 0; i < history.size(); ++i) EXPECT_EQ(history[i].index, int64_t(i));
  EXPECT_TRUE(fs::exists(dir / kCheckpointFile));
  EXPECT_TRUE(fs::exists(dir / kBestTransitionFile));
  EXPECT_TRUE(fs::exists(dir / kBestLossPlot));
  double best = 1e300;
  for (const auto& r : history) best = std::min(best, r.loss);
  EXPECT_DOUBLE_EQ(report.best_loss, best);
}

TEST(SearchRun, ExistingRunWithoutResumeIsAnInputError) {
  const fs::path dir = vec2midi::testing::temp_dir("search_run_exists");
  optim::RandomSearch a({.n_dims = 3}, 1), b({.n_dims = 3}, 1);
  run_search(a, quadratic, run_options(dir, 5, false));
  EXPECT_THROW(run_search(b, quadratic, run_options(dir, 10, false)), InputError);
}

TEST(SearchRun, ResumeWithOtherSettingsIsAnInputError) {
  const fs::path dir = vec2midi::testing::temp_dir("search_run_config");
  optim::RandomSearch a({.n_dims = 3}, 1), b({.n_dims = 3}, 1);
  run_search(a, quadratic, run_options(dir, 5, false));
  auto o = run_options(dir, 10, true);
  o.config = {{"test", 2}};
  EXPECT_THROW(run_search(b, quadratic, o), InputError);
}

// A run interrupted after 17 evaluations (CMA-ES, 7 per generation: checkpoint at 14, a torn 18th line) and resumed gives the same
// history as one uninterrupted run, reusing the 3 journal rows past the checkpoint.
TEST(SearchRun, ResumeAfterAKillRepeatsAndLosesNothing) {
  const fs::path whole = vec2midi::testing::temp_dir("search_run_whole");
  const fs::path killed = vec2midi::testing::temp_dir("search_run_killed");
  optim::Cmaes ref({.n_dims = 3}, 5, {});
  run_search(ref, quadratic, run_options(whole, 40, false));

  optim::Cmaes first({.n_dims = 3}, 5, {});
  int64_t calls = 0;
  EXPECT_THROW(run_search(first, counted_quadratic(calls, 17), run_options(killed, 40, false)), std::runtime_error);
  { std::ofstream(killed / kHistoryFile, std::ios::app) << "17,0.5,0.1,0.01"; }  // torn line

  optim::Cmaes second({.n_dims = 3}, 5, {});
  int64_t evaluated = 0;
  const auto report = run_search(second, counted_quadratic(evaluated), run_options(killed, 40, true));
  EXPECT_EQ(report.n_replayed, 3);
  EXPECT_EQ(evaluated, 40 - 17);
  expect_same_history(whole, killed);
}

// Evaluates a round last candidate first (as ranks finishing in another order do) and dies after `limit` evaluations
// in all, which leaves a gap below the round's last journaled rows.
class BackwardsEvaluator : public BatchEvaluator {
 public:
  explicit BackwardsEvaluator(int64_t limit) : limit_(limit) {}
  void evaluate(std::span<const Candidate> candidates, const EvaluationDone& done) override {
    for (auto it = candidates.rbegin(); it != candidates.rend(); ++it) {
      if (++calls_ > limit_) throw std::runtime_error("killed");
      done(evaluate_row(quadratic, it->index, it->a));
    }
  }

 private:
  int64_t limit_ = 0, calls_ = 0;
};

TEST(SearchRun, RoundsOfTheOptimisersBatchAreAskedAndJournaledAsTheyFinish) {
  const fs::path dir = vec2midi::testing::temp_dir("search_run_rounds");
  optim::RandomSearch opt({.n_dims = 3}, 4, 5);
  BackwardsEvaluator evaluator(1000);
  const auto report = run_search(opt, evaluator, run_options(dir, 12, false));
  EXPECT_EQ(report.n_evaluations, 12);
  // The file holds each round backwards; read_history gives them in index order.
  std::ifstream in(dir / kHistoryFile);
  std::string line;
  std::getline(in, line);
  std::getline(in, line);
  EXPECT_EQ(line.substr(0, 2), "4,") << "the first round's last candidate finished first";
  const auto history = read_history(dir / kHistoryFile, 3);
  ASSERT_EQ(history.size(), 12u);
  optim::RandomSearch same({.n_dims = 3}, 4, 5);
  const auto first_round = same.ask(5);
  for (size_t i = 0; i < history.size(); ++i) EXPECT_EQ(history[i].index, int64_t(i));
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(history[i].a, first_round[i]);
}

// Killed with a round cut short from its end (rows 19 and 18 of the round 15..19 journaled, 15..17 not): the
// resume, from the checkpoint at 10, reuses rows 10..14, 18 and 19, evaluates 15..17 and the rest, and the history
// equals an uninterrupted run's.
TEST(SearchRun, AResumeFillsTheGapsOfARoundCutShort) {
  const fs::path whole = vec2midi::testing::temp_dir("search_run_gap_whole");
  const fs::path killed = vec2midi::testing::temp_dir("search_run_gap_killed");
  optim::RandomSearch ref({.n_dims = 3}, 6, 5);
  run_search(ref, quadratic, run_options(whole, 30, false));

  optim::RandomSearch first({.n_dims = 3}, 6, 5);
  BackwardsEvaluator dying(17);  // rounds 0-4, 5-9, 10-14 whole, then 19, 18 of the fourth
  EXPECT_THROW(run_search(first, dying, run_options(killed, 30, false)), std::runtime_error);
  EXPECT_EQ(read_history(killed / kHistoryFile, 3).size(), 17u);

  optim::RandomSearch second({.n_dims = 3}, 6, 5);
  int64_t evaluated = 0;
  const auto report = run_search(second, counted_quadratic(evaluated), run_options(killed, 30, true));
  EXPECT_EQ(report.n_replayed, 5 + 2);
  EXPECT_EQ(evaluated, 30 - 17);
  expect_same_history(whole, killed);
}


SearchRunOptions ahead_options(const fs::path& dir, int64_t budget, bool resume) {
  SearchRunOptions o = run_options(dir, budget, resume);
  o.ask_ahead = true;
  o.checkpoint_every = 6;
  return o;
}

optim::GpBoOptions small_bo(int64_t q, int64_t refit_lag = 0) {
  optim::GpBoOptions o;
  o.n_random = 9;
  o.n_start = 6;
  o.refit_every = refit_lag > 0 ? 3 : 6;  // lagged: a refit is running when the checkpoint below is taken
  o.refit_lag = refit_lag;
  o.fit.n_steps = 10;
  o.n_candidates = 64;
  o.n_ascent_steps = 5;
  o.batch_size = q;
  return o;
}

TEST(SearchRunAskAhead, RandomSearchGivesTheSameHistoryAsWithout) {
  // Random search's points do not depend on its losses: asking ahead changes only when they are asked.
  const fs::path plain = vec2midi::testing::temp_dir("search_ahead_plain");
  const fs::path ahead = vec2midi::testing::temp_dir("search_ahead_random");
  optim::RandomSearch a({.n_dims = 3}, 8, 4), b({.n_dims = 3}, 8, 4);
  run_search(a, quadratic, run_options(plain, 22, false));
  const auto report = run_search(b, quadratic, ahead_options(ahead, 22, false));
  EXPECT_EQ(report.n_evaluations, 22);
  expect_same_history(plain, ahead);
}

// The refit lag: 0 (refits at once) or 1 (in the background, used a round later).
class SearchRunAskAheadGpBo : public ::testing::TestWithParam<int64_t> {};

TEST_P(SearchRunAskAheadGpBo, KilledMidRunResumesToTheSameHistory) {
  // GP-BO, rounds of 3 asked one round ahead: killed after 20 evaluations. Round k is told while round k + 1 is
  // evaluated, and a checkpoint due then is written when that round ends: the last one written is at 12 (taken
  // while 12..14 was evaluated, which it holds as pending; with a lag, while a refit ran). Resumed: rows 12..19
  // replayed, 20..32 evaluated, the same history as an uninterrupted run.
  const int64_t lag = GetParam();
  const std::string tag = "_lag" + std::to_string(lag);
  const fs::path whole = vec2midi::testing::temp_dir("search_ahead_bo_whole" + tag);
  const fs::path killed = vec2midi::testing::temp_dir("search_ahead_bo_killed" + tag);
  const optim::SearchSpace space{.n_dims = 3, .lower = -0.07, .upper = 0.07};
  optim::GpBo ref(space, 3, small_bo(3, lag));
  run_search(ref, quadratic, ahead_options(whole, 33, false));

  optim::GpBo first(space, 3, small_bo(3, lag));
  int64_t calls = 0;
  EXPECT_THROW(run_search(first, counted_quadratic(calls, 20), ahead_options(killed, 33, false)), std::runtime_error);
  const auto checkpoint = nlohmann::json::parse(io::read_file(killed / kCheckpointFile));
  EXPECT_EQ(checkpoint.at("n_told").get<int64_t>(), 12);
  ASSERT_TRUE(checkpoint.contains("pending_round"));
  EXPECT_EQ(checkpoint.at("pending_round").size(), 3u);
  EXPECT_EQ(checkpoint.at("optimizer").at("pending").size(), 3u);
  EXPECT_EQ(checkpoint.at("optimizer").contains("refit"), lag > 0);

  optim::GpBo second(space, 0, small_bo(3, lag));
  int64_t evaluated = 0;
  const auto report = run_search(second, counted_quadratic(evaluated), ahead_options(killed, 33, true));
  EXPECT_EQ(report.n_replayed, 8);
  EXPECT_EQ(evaluated, 33 - 20);
  expect_same_history(whole, killed);
}
INSTANTIATE_TEST_SUITE_P(RefitLag, SearchRunAskAheadGpBo, ::testing::Values(0, 1));

TEST(SearchRunAskAhead, AMalformedCheckpointIsAnInputError) {
  const fs::path dir = vec2midi::testing::temp_dir("search_ahead_malformed");
  optim::RandomSearch a({.n_dims = 3}, 2, 2);
  run_search(a, quadratic, ahead_options(dir, 8, false));
  auto cp = nlohmann::json::parse(io::read_file(dir / kCheckpointFile));
  cp["pending_round"] = {{0.01, 0.02}};  // two coefficients of three
  io::write_file_atomic(dir / kCheckpointFile, cp.dump());
  optim::RandomSearch b({.n_dims = 3}, 2, 2);
  EXPECT_THROW(run_search(b, quadratic, ahead_options(dir, 12, true)), InputError);
  cp["pending_round"] = "not a round";
  io::write_file_atomic(dir / kCheckpointFile, cp.dump());
  try {
    run_search(b, quadratic, ahead_options(dir, 12, true));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("malformed checkpoint"), std::string::npos) << e.what();
  }
}

TEST(SearchRunAskAhead, AnOptimiserThatCannotAskAheadIsAnInputError) {
  const fs::path dir = vec2midi::testing::temp_dir("search_ahead_cmaes");
  optim::Cmaes opt({.n_dims = 3}, 5, {});
  EXPECT_THROW(run_search(opt, quadratic, ahead_options(dir, 10, false)), InputError);
}

}  // namespace
}  // namespace vec2midi::search
