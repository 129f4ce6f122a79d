// Melody-extraction speed over every corpus in ../shared/data/melodies: files/s and windows/s for the
// whole pipeline (read + extract + gather), on 1 and 2 threads, against a parse-only baseline
// (read_midi of the same files, one thread) measured in the same process.
// Usage: build/bench/extract_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "music/corpus_extraction.hpp"
#include "music/midi_io.hpp"

namespace {

namespace fs = std::filesystem;
using vec2midi::music::CorpusExtractionOptions;

const fs::path kMelodies = fs::path(VEC2MIDI_SHARED_DIR) / "data" / "melodies";

struct Corpus {
  const char* name;
  const char* track;  // the track extract is told to take ("" = all)
};
constexpr Corpus kCorpora[] = {
    {"pop909", "MELODY"}, {"oneills1850", ""}, {"ryansMammoth", ""}, {"nottingham", ""}, {"essen", ""}};

void BM_ParseOnly(benchmark::State& state, const Corpus& corpus) {
  const std::vector<fs::path> files = vec2midi::music::list_midi_files(kMelodies / corpus.name);
  int64_t n_notes = 0;
  for (auto _ : state) {
    for (const fs::path& f : files) {
      try {
        n_notes += vec2midi::music::read_midi(f).n_notes();
      } catch (const std::exception&) {
      }
    }
  }
  state.counters["files/s"] = benchmark::Counter(static_cast<double>(files.size()), benchmark::Counter::kIsIterationInvariantRate);
  benchmark::DoNotOptimize(n_notes);
}

void BM_Extract(benchmark::State& state, const Corpus& corpus) {
  CorpusExtractionOptions options;
  options.extraction.track_name = corpus.track;
  options.n_threads = static_cast<int>(state.range(0));
  options.progress = false;
  int64_t files = 0, windows = 0;
  for (auto _ : state) {
    const auto r = vec2midi::music::extract_corpora({kMelodies / corpus.name}, options);
    files = r.report.total.files_read;
    windows = r.report.total.windows;
  }
  state.counters["files/s"] = benchmark::Counter(static_cast<double>(files), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["windows/s"] = benchmark::Counter(static_cast<double>(windows), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["files"] = static_cast<double>(files);
  state.counters["windows"] = static_cast<double>(windows);
}

int register_all() {
  for (const Corpus& c : kCorpora) {
    benchmark::RegisterBenchmark((std::string("parse_only/") + c.name).c_str(), BM_ParseOnly, c)
        ->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark((std::string("extract/") + c.name).c_str(), BM_Extract, c)
        ->Arg(1)->Arg(2)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
  }
  return 0;
}
const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
