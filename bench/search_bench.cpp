// Search benchmarks (issue 6 goals): GP-BO overhead per iteration (hyperparameter-free incremental update
// + acquisition maximisation) at 3,000 observations × 100 dimensions, a full refit at that size, and the
// objective's evaluations/min with Magenta's real mel_2bar_small (2 × 1,024 triplets, 16 steps).
// Run: build/bench/search_bench --benchmark_min_time=1 (reads ../shared/data/magenta/mel_2bar_small).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <limits>
#include <random>

#include "app/allocator_tuning.hpp"
#include "io/random.hpp"
#include "optim/gp_bo.hpp"
#include "optim/random_search.hpp"
#include "search/embedding_set.hpp"
#include "search/objective.hpp"
#include "transition/transition.hpp"
#include "vae/magenta_import.hpp"
#include "vae/model_io.hpp"

namespace {
using namespace vec2midi;

// n uniform points in [0, 1]^d.
Eigen::MatrixXd uniform_points(int64_t n, int64_t d, io::Rng& rng) {
  Eigen::MatrixXd x(n, d);
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t k = 0; k < d; ++k) x(i, k) = io::uniform01(rng);
  }
  return x;
}

// A GP with n observations of a smooth random function in d dimensions, hyperparameters fitted once.
optim::GaussianProcess make_gp(int64_t n, int64_t d) {
  io::Rng rng(0);
  const Eigen::MatrixXd x = uniform_points(n, d, rng);
  Eigen::VectorXd y = (4.0 * x.leftCols(5)).array().sin().rowwise().sum();
  for (int64_t i = 0; i < n; ++i) y(i) += 0.1 * io::normal(rng);
  optim::GaussianProcess gp(d);
  gp.set_data(x, y);
  gp.fit({.n_steps = 20, .max_points = 400});
  return gp;
}

// One BO iteration's overhead at n observations: add the new point (incremental Cholesky) + maximise the acquisition.
void BM_GpBoIteration(benchmark::State& state) {
  const int64_t n = state.range(0), d = 100;
  optim::GaussianProcess gp = make_gp(n, d);
  const optim::GpBoOptions options;
  std::mt19937_64 gen(1);
  for (auto _ : state) {
    state.PauseTiming();
    optim::GaussianProcess copy = gp;
    const Eigen::VectorXd point = uniform_points(1, d, gen).transpose();
    state.ResumeTiming();
    copy.add_observation(point, 0.5);
    const Eigen::MatrixXd best = optim::maximise_acquisition(copy, options, gen);
    benchmark::DoNotOptimize(best.data());
  }
  state.SetLabel("n=" + std::to_string(n) + " d=100, incremental update + acquisition");
}
BENCHMARK(BM_GpBoIteration)->Arg(1000)->Arg(3000)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

// The periodic refit (every refit_every iterations): LML ascent on 400 points + full refactorisation at n.
void BM_GpRefit(benchmark::State& state) {
  const int64_t n = state.range(0), d = 100;
  optim::GaussianProcess gp = make_gp(n, d);
  for (auto _ : state) {
    optim::GaussianProcess copy = gp;
    copy.fit({});
    benchmark::DoNotOptimize(copy.size());
  }
}
BENCHMARK(BM_GpRefit)->Arg(3000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

// Rank 0's work per round of an MPI search with GP-BO (issue 30): tell the round's q losses, then ask q points,
// by the Kriging believer (acquisition 0: one maximisation per point) or local penalisation (1: one per round).
// A GP-BO told n points (100 random, the rest later), copied afresh for each round; refit 0: no hyperparameter
// refit in the timed round; 1: one (refit_every 50 with the count at 0 before the round, as a q = 64 round has 1
// or 2).
void BM_GpBoRound(benchmark::State& state) {
  const int64_t n = state.range(0), q = state.range(1), d = 100;
  const bool penalised = state.range(2) == 1, refit = state.range(3) == 1;
  io::Rng rng(0);
  const Eigen::MatrixXd x = uniform_points(n, d, rng);
  const Eigen::VectorXd y = (4.0 * x.leftCols(5)).array().sin().rowwise().sum();
  std::vector<std::vector<double>> xs(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) xs[size_t(i)] = std::vector<double>(x.row(i).begin(), x.row(i).end());
  const std::vector<double> ys(y.data(), y.data() + n);
  optim::GpBoOptions options;
  options.n_random = 100;
  options.n_start = 100;
  options.refit_every = std::numeric_limits<int64_t>::max();
  options.batch_size = q;
  options.batch_acquisition = penalised ? "penalised" : "believer";
  const optim::SearchSpace space{.n_dims = d, .lower = 0.0, .upper = 1.0};
  optim::GpBo told(space, 1, options);
  told.tell(xs, ys);
  if (refit) {  // the same GP, refitting every 50 points from the round's start
    nlohmann::json st = told.state();
    st["since_refit"] = 0;
    options.refit_every = 50;
    optim::GpBo refitting(space, 1, options);
    refitting.restore(st, xs, ys);
    told = refitting;
  }
  std::vector<std::vector<double>> round = told.ask(q);
  const std::vector<double> losses(static_cast<size_t>(q), 0.5);
  for (auto _ : state) {
    state.PauseTiming();
    optim::GpBo bo = told;
    state.ResumeTiming();
    bo.tell(round, losses);
    benchmark::DoNotOptimize(bo.ask(q).data());
  }
  state.SetLabel("n=" + std::to_string(n) + " q=" + std::to_string(q) + " d=100, tell q + ask q, " +
                 options.batch_acquisition + (refit ? ", one refit" : ""));
}
BENCHMARK(BM_GpBoRound)
    ->ArgNames({"n", "q", "penalised", "refit"})
    ->Args({1000, 8, 0, 0})
    ->Args({1000, 64, 0, 0})
    ->Args({3000, 8, 0, 0})
    ->Args({3000, 64, 0, 0})
    ->Args({10000, 8, 0, 0})
    ->Args({1000, 8, 1, 0})
    ->Args({1000, 64, 1, 0})
    ->Args({3000, 8, 1, 0})
    ->Args({3000, 64, 1, 0})
    ->Args({3000, 64, 1, 1})
    ->Args({10000, 8, 1, 0})
    ->Args({10000, 64, 1, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

// The objective with the real mel_2bar_small decoder, the original's settings.
void BM_ObjectiveMel2barSmall(benchmark::State& state) {
  const std::filesystem::path model_path = std::filesystem::temp_directory_path() / "search_bench_mel_2bar_small.safetensors";
  vae::import_magenta(std::filesystem::path(VEC2MIDI_SHARED_DIR) / "data/magenta/mel_2bar_small", model_path,
                      {.show_progress = false});
  const vae::MelodyDecoder decoder(model_path);
  // Centres: 9 random unit-ish embeddings with std 0.1 (the original's scheme shape, 250 per class).
  io::Rng rng(0);
  std::vector<float> mean(81);
  for (auto& v : mean) v = static_cast<float>(io::normal(rng) / 3.0);
  const vision::ColourCentres centres{.embedding_size = 9, .mean = mean, .std = std::vector<float>(81, 0.1f)};
  const auto split = search::original_scheme(centres, {});
  const transition::Transition transition({.n_matrices = 100, .seed = 0, .latent_size = 256});
  const search::TripletObjective objective(decoder, transition, split.train, {});
  std::mt19937_64 gen(0);
  int64_t index = 0;
  for (auto _ : state) {
    const auto a = optim::uniform_point({.n_dims = 100}, gen);
    benchmark::DoNotOptimize(objective.evaluate(a, index++));
  }
  state.counters["evaluations_per_min"] = benchmark::Counter(60.0 * static_cast<double>(state.iterations()),
                                                             benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ObjectiveMel2barSmall)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(5.0);

}  // namespace

// As `vec2midi search` runs: large freed blocks kept for reuse (without it, page faults dominate: see
// docs/BENCHMARKS.md).
int main(int argc, char** argv) {
  app::keep_large_blocks_in_the_heap();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
