// Rank 0's serial part of a batch compose (issue 30, docs/SCALING.md): parsing a composing rank's result and
// appending it as a manifest line, fsynced each (the baseline) or in group commits of 64 lines / 1 s (what
// `compose --list` does), on the disk of the folder given by VEC2MIDI_BENCH_DIR (default: the system's temporary
// folder).
// Run: build/bench/manifest_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "io/jsonl_journal.hpp"

namespace {
using namespace vec2midi;
namespace fs = std::filesystem;

// A manifest line as compose --list writes one (names and sizes of a real one).
nlohmann::json manifest_line(int64_t i) {
  const std::string name = "photos/train/red/photo_" + std::to_string(i) + ".jpg";
  return {{"name", name},
          {"colour", "red"},
          {"confidence", 0.93},
          {"files", {{"midi", name + ".mid"}, {"wav", name + ".wav"}, {"png", name + ".png"}}},
          {"seconds", 0.089},
          {"rank", 3}};
}

// Args: lines per fsync (1: every line). 2,000 lines an iteration.
void BM_ManifestAppend(benchmark::State& state) {
  const char* where = std::getenv("VEC2MIDI_BENCH_DIR");
  const fs::path path = (where ? fs::path(where) : fs::temp_directory_path()) / "vec2midi_manifest_bench.jsonl";
  const int64_t group = state.range(0);
  constexpr int64_t kLines = 2000;
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove(path);
    state.ResumeTiming();
    io::JsonlJournal journal(path, {.max_lines = group, .max_seconds = group == 1 ? 0.0 : 1.0});
    for (int64_t i = 0; i < kLines; ++i) journal.append(manifest_line(i));
  }
  fs::remove(path);
  state.counters["lines_per_s"] = benchmark::Counter(static_cast<double>(kLines * state.iterations()), benchmark::Counter::kIsRate);
  state.SetLabel(group == 1 ? "fsync every line" : "group commits of " + std::to_string(group) + " lines / 1 s");
}
BENCHMARK(BM_ManifestAppend)->Arg(1)->Arg(64)->Unit(benchmark::kMillisecond)->UseRealTime()->Repetitions(5)->ReportAggregatesOnly(true);

// Rank 0 parses each result (the manifest line as sent by the composing rank) before appending it.
void BM_ManifestParse(benchmark::State& state) {
  const std::string bytes = manifest_line(12345).dump();
  for (auto _ : state) benchmark::DoNotOptimize(nlohmann::json::parse(bytes));
}
BENCHMARK(BM_ManifestParse)->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
