// Rank 0's overhead per round of an MPI search (issue 30, docs/SCALING.md): the real run loop (run_search, its
// journal and checkpoints) and the real GP-BO, resumed at n observations, with the evaluating ranks simulated: a
// round's q results arrive spread over the second half of `round_ms` (as ranks finish), then the next round may
// start. What is measured is the time between a round's last result and the next round's start — the time the
// ranks wait on rank 0 — with the optimiser's tell + ask between rounds (ahead 0) or overlapping the round
// (--ask-ahead, ahead 1); overhead_pct is that wait as a share of a whole round (round_ms + wait). The simulated
// ranks use no CPU, as on a cluster where rank 0 has its node. The allocator is tuned as `vec2midi search` tunes it.
// Run: build/bench/rank_zero_bench (about 5 minutes; needs no ../shared data). NO_CHECKPOINTS=1 in the environment
// leaves the run's checkpoints out (to see what they cost).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <random>
#include <span>
#include <thread>

#include "app/allocator_tuning.hpp"
#include "io/atomic_file.hpp"
#include "io/random.hpp"
#include "optim/gp_bo.hpp"
#include "optim/random_search.hpp"
#include "search/batch_evaluator.hpp"
#include "search/search_run.hpp"

namespace {
using namespace vec2midi;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int64_t kDims = 100;

// A smooth test loss on the box [-0.07, 0.07]^100.
double test_loss(std::span<const double> a) {
  double s = 0.0;
  for (size_t k = 0; k < 5; ++k) s += std::sin(4.0 * (a[k] / 0.14 + 0.5));
  return s;
}

// The evaluating ranks: every candidate's result arrives within the round, spread over its second half.
class SimulatedRanks : public search::BatchEvaluator {
 public:
  explicit SimulatedRanks(double round_seconds) : round_(round_seconds) {}
  void evaluate(std::span<const search::Candidate> candidates, const search::EvaluationDone& done) override {
    const auto start = Clock::now();
    if (ended_) waits_.push_back(std::chrono::duration<double>(start - *ended_).count());
    const double q = static_cast<double>(candidates.size());
    for (size_t k = 0; k < candidates.size(); ++k) {
      std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>(round_ * (0.5 + 0.5 * double(k + 1) / q))));
      done({.index = candidates[k].index, .loss = test_loss(candidates[k].a), .seconds = round_, .a = candidates[k].a});
    }
    ended_ = Clock::now();
  }
  const std::vector<double>& waits() const { return waits_; }

 private:
  double round_;
  std::optional<Clock::time_point> ended_;
  std::vector<double> waits_;
};

optim::GpBoOptions bo_options(int64_t q, int64_t refit_every, int64_t refit_lag = 0) {
  optim::GpBoOptions o;
  o.n_random = 100;  // then the GP from the best 100, as `search --initial 100`
  o.batch_size = q;
  o.refit_every = refit_every;
  o.refit_lag = refit_lag;
  return o;
}

const optim::SearchSpace kSpace{.n_dims = kDims, .lower = -0.07, .upper = 0.07};

search::SearchRunOptions run_options(const fs::path& dir, int64_t budget, bool ahead) {
  search::SearchRunOptions o;
  o.run_dir = dir;
  o.budget = budget;
  o.resume = true;
  o.show_progress = false;
  o.config = {{"bench", "rank_zero"}, {"ahead", ahead}};
  o.transition = {.n_matrices = kDims, .latent_size = 4, .embedding_size = 2};
  o.model = "bench";
  o.ask_ahead = ahead;
  if (std::getenv("NO_CHECKPOINTS")) o.checkpoint_every = 1'000'000;
  return o;
}

// A run folder holding n evaluations of uniform points and a GP-BO checkpoint after them (hyperparameters fitted at
// the start of the GP phase and the refit count at 0, as right after a refit).
void write_resumable_run(const fs::path& dir, int64_t n, int64_t q, bool ahead) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  // One fit, at the start of the GP phase.
  const optim::GpBoOptions told_options = bo_options(q, std::numeric_limits<int64_t>::max());
  optim::GpBo told(kSpace, 1, told_options);
  std::mt19937_64 gen(7);
  std::vector<search::HistoryRow> rows;
  std::vector<std::vector<double>> xs;
  std::vector<double> ys;
  for (int64_t i = 0; i < n; ++i) {
    xs.push_back(optim::uniform_point(kSpace, gen));
    ys.push_back(test_loss(xs.back()));
    rows.push_back({.index = i, .loss = ys.back(), .seconds = 0.0, .a = xs.back()});
  }
  told.tell(xs, ys);
  nlohmann::json state = told.state();
  state["since_refit"] = 0;
  const auto o = run_options(dir, n, ahead);
  search::write_history(dir / search::kHistoryFile, rows, kDims);
  const nlohmann::json cp = {{"format", "vec2midi.search-checkpoint"}, {"config", o.config}, {"n_told", n},
                             {"optimizer", state}, {"optimizer_name", "bo"}, {"best_index", -1}, {"best_loss", nullptr}};
  io::write_file_atomic(dir / search::kCheckpointFile, cp.dump() + "\n");
}

// Args: n observations, q, the simulated round in ms, ask-ahead (0/1), refit every (evaluations), refit lag (rounds;
// 0: refits at once). Rounds: 12 (11 waits between them), centred on n: from n - 6q observations to n + 6q.
void BM_RankZeroWait(benchmark::State& state) {
  const int64_t n = state.range(0), q = state.range(1), refit_every = state.range(4), lag = state.range(5);
  const double round_seconds = static_cast<double>(state.range(2)) / 1000.0;
  const bool ahead = state.range(3) == 1;
  constexpr int64_t kRounds = 12;
  const int64_t start = n - kRounds / 2 * q;
  const fs::path dir = fs::temp_directory_path() / "vec2midi_rank_zero_bench";
  std::vector<double> waits;
  for (auto _ : state) {
    state.PauseTiming();
    write_resumable_run(dir, start, q, ahead);
    optim::GpBo bo(kSpace, 1, bo_options(q, refit_every, lag));
    SimulatedRanks ranks(round_seconds);
    state.ResumeTiming();
    search::run_search(bo, ranks, run_options(dir, start + kRounds * q, ahead));
    waits.insert(waits.end(), ranks.waits().begin(), ranks.waits().end());
  }
  fs::remove_all(dir);
  std::sort(waits.begin(), waits.end());
  const double median = waits.empty() ? 0.0 : waits[waits.size() / 2];
  state.counters["wait_ms_median"] = 1000.0 * median;
  state.counters["wait_ms_max"] = waits.empty() ? 0.0 : 1000.0 * waits.back();
  double total = 0.0;
  for (const double w : waits) total += w;
  const double mean = waits.empty() ? 0.0 : total / static_cast<double>(waits.size());
  state.counters["wait_ms_mean"] = 1000.0 * mean;
  state.counters["overhead_pct_median"] = 100.0 * median / (round_seconds + median);
  state.counters["overhead_pct_mean"] = 100.0 * mean / (round_seconds + mean);
  state.SetLabel("n=" + std::to_string(n) + " q=" + std::to_string(q) + " round " + std::to_string(state.range(2)) +
                 " ms, " + (ahead ? "asked ahead" : "asked between rounds") + ", penalised, refit every " +
                 std::to_string(refit_every) + (lag > 0 ? " used " + std::to_string(lag) + " rounds later" : " at once"));
}
BENCHMARK(BM_RankZeroWait)
    ->ArgNames({"n", "q", "round_ms", "ahead", "refit", "lag"})
    ->Args({3000, 64, 400, 0, 50, 0})
    ->Args({3000, 64, 400, 1, 50, 0})
    ->Args({3000, 64, 400, 1, 50, 2})
    ->Args({3000, 64, 400, 1, 640, 0})
    ->Args({3000, 64, 400, 1, 640, 2})
    ->Args({3000, 64, 400, 1, 640, 3})
    ->Args({3000, 64, 190, 1, 640, 2})
    ->Args({1000, 64, 400, 1, 50, 2})
    ->Args({3000, 8, 400, 0, 50, 0})
    ->Args({3000, 8, 400, 1, 50, 0})
    ->Args({3000, 8, 400, 1, 50, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// Tuned before any benchmark runs, as `vec2midi search` tunes it first thing.
const bool kAllocatorTuned = (app::keep_large_blocks_in_the_heap(), true);

}  // namespace

BENCHMARK_MAIN();
