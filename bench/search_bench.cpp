// Search benchmarks (issue 6 goals): GP-BO overhead per iteration (hyperparameter-free incremental update
// + acquisition maximisation) at 3,000 observations × 100 dimensions, a full refit at that size, and the
// objective's evaluations/min with Magenta's real mel_2bar_small (2 × 1,024 triplets, 16 steps).
// Run: build/bench/search_bench --benchmark_min_time=1 (reads ../shared/data/magenta/mel_2bar_small).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "app/allocator_tuning.hpp"
#include "optim/gp_bo.hpp"
#include "optim/random_search.hpp"
#include "search/embedding_set.hpp"
#include "search/objective.hpp"
#include "transition/transition.hpp"
#include "vae/magenta_import.hpp"
#include "vae/model_io.hpp"

namespace {
using namespace vec2midi;

const auto kF64 = torch::TensorOptions().dtype(torch::kFloat64);

// A GP with n observations of a smooth random function in d dimensions, hyperparameters fitted once.
optim::GaussianProcess make_gp(int64_t n, int64_t d) {
  torch::manual_seed(0);
  const torch::Tensor x = torch::rand({n, d}, kF64);
  const torch::Tensor y = torch::sin(4 * x.narrow(1, 0, 5)).sum(1) + 0.1 * torch::randn({n}, kF64);
  optim::GaussianProcess gp(d);
  gp.set_data(x, y);
  gp.fit({.n_steps = 20, .max_points = 400});
  return gp;
}

// One BO iteration's overhead at n observations: add the new point (incremental Cholesky) + maximise the acquisition.
void BM_GpBoIteration(benchmark::State& state) {
  const int64_t n = state.range(0), d = 100;
  optim::GaussianProcess gp = make_gp(n, d);
  optim::GpBoOptions options;
  options.float32_acquisition = state.range(1) != 0;  // 0: the float64 baseline
  std::mt19937_64 gen(1);
  for (auto _ : state) {
    state.PauseTiming();
    optim::GaussianProcess copy = gp;
    state.ResumeTiming();
    copy.add_observation(torch::rand({d}, kF64), 0.5);
    const torch::Tensor best = optim::maximise_acquisition(copy, options, gen);
    benchmark::DoNotOptimize(best.data_ptr());
  }
  state.SetLabel("n=" + std::to_string(n) + " d=100, incremental update + acquisition in " +
                 (options.float32_acquisition ? "float32" : "float64 (baseline)"));
}
BENCHMARK(BM_GpBoIteration)->Args({1000, 1})->Args({3000, 0})->Args({3000, 1})->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

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

// The objective with the real mel_2bar_small decoder, the original's settings.
void BM_ObjectiveMel2barSmall(benchmark::State& state) {
  const std::filesystem::path model_path = std::filesystem::temp_directory_path() / "search_bench_mel_2bar_small.safetensors";
  vae::import_magenta(std::filesystem::path(VEC2MIDI_SHARED_DIR) / "data/magenta/mel_2bar_small", model_path,
                      {.show_progress = false});
  const vae::MelodyDecoder decoder(model_path);
  // Centres: 9 random unit-ish embeddings with std 0.1 (the original's scheme shape, 250 per class).
  torch::manual_seed(0);
  const torch::Tensor mean = (torch::randn({9, 9}) / 3.0).contiguous();
  const vision::ColourCentres centres{.embedding_size = 9,
                                      .mean = std::vector<float>(mean.data_ptr<float>(), mean.data_ptr<float>() + 81),
                                      .std = std::vector<float>(81, 0.1f)};
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
