// MusicVAE decoding speed: melodies/s of FastDecoder for batch 1, 64 and 1024 at 16 and 32 steps, with
// Magenta's real mel_2bar_small decoder (imported from ../shared) and a randomly initialised
// cat-mel_2bar_big. For every case the same process also times only the per-step GEMMs on the same
// shapes (the GEMM ceiling) and reports decode GFLOP/s over ceiling GFLOP/s, plus the peak RSS of the case.
// Usage: build/bench/decode_bench [--benchmark_filter=small] [--big=false] [--reference=true]
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "vae/deeplearnjs_reader.hpp"
#include "vae/fast_decoder.hpp"
#include "vae/lstm_gate_kernel.hpp"
#include "vae/magenta_import.hpp"
#include "vae/model_io.hpp"
#include "vae/music_vae.hpp"

namespace {

using vec2midi::vae::FastDecoder;
using vec2midi::vae::MusicVae;
using vec2midi::vae::MusicVaeOptions;

// A value from /proc/self/status in MiB ("VmHWM" peak RSS, "VmRSS" current RSS).
double proc_status_mib(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(std::strlen(key) + 1)) / 1024.0;  // kB
  }
  return 0.0;
}

// Resets the peak-RSS mark so VmHWM reports the peak of the next case only (Linux >= 4.0).
void reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
}

struct Case {
  std::string model;
  int64_t batch;
  int64_t steps;
};

struct Model {
  MusicVae vae;
  std::unique_ptr<FastDecoder> decoder;
};

std::map<std::string, Model>& models() {
  static std::map<std::string, Model> m;
  return m;
}

void bm_decode(benchmark::State& state, const Case& c) {
  const Model& m = models().at(c.model);
  const torch::Tensor z = torch::randn({c.batch, m.vae->options().z_size}, torch::Generator(at::detail::createCPUGenerator(1)));
  const double rss_before = proc_status_mib("VmRSS");
  reset_peak_rss();
  for (auto _ : state) benchmark::DoNotOptimize(m.decoder->decode(z, {.n_steps = c.steps}));
  const double flops = m.decoder->gemm_flops_per_step() * static_cast<double>(c.steps * c.batch);
  state.SetItemsProcessed(state.iterations() * c.batch);
  state.counters["melodies/s"] = benchmark::Counter(static_cast<double>(state.iterations() * c.batch), benchmark::Counter::kIsRate);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * static_cast<double>(state.iterations()) / 1e9, benchmark::Counter::kIsRate);
  state.counters["peak_MiB"] = proc_status_mib("VmHWM");
  state.counters["peak_over_MiB"] = proc_status_mib("VmHWM") - rss_before;
}

void bm_gemm_ceiling(benchmark::State& state, const Case& c) {
  const Model& m = models().at(c.model);
  for (auto _ : state) m.decoder->run_step_gemms_only(c.batch, c.steps);
  const double flops = m.decoder->gemm_flops_per_step() * static_cast<double>(c.steps * c.batch);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * static_cast<double>(state.iterations()) / 1e9, benchmark::Counter::kIsRate);
}

void bm_reference(benchmark::State& state, const Case& c) {
  Model& m = models().at(c.model);
  const torch::Tensor z = torch::randn({c.batch, m.vae->options().z_size});
  for (auto _ : state) benchmark::DoNotOptimize(m.vae->greedy_decode_reference(z, c.steps));
  state.counters["melodies/s"] = benchmark::Counter(static_cast<double>(state.iterations() * c.batch), benchmark::Counter::kIsRate);
}

// Collects the seconds per iteration of every run so that the ratio table can be printed at the end.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) {
      if (r.run_type != Run::RT_Iteration || r.iterations == 0) continue;
      std::string key = r.benchmark_name();
      const std::string suffix = "/real_time";  // added by UseRealTime(); the table looks cases up without it
      if (key.size() > suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0) {
        key.resize(key.size() - suffix.size());
      }
      Result& res = results_[key];
      res.seconds = r.real_accumulated_time / static_cast<double>(r.iterations);
      for (const auto& [k, v] : r.counters) res.counters[k] = v.value;
    }
  }
  struct Result {
    double seconds = 0.0;
    std::map<std::string, double> counters;
  };
  const std::map<std::string, Result>& results() const { return results_; }

 private:
  std::map<std::string, Result> results_;
};

std::string name(const char* kind, const Case& c) {
  return std::string(kind) + "/" + c.model + "/batch:" + std::to_string(c.batch) + "/steps:" + std::to_string(c.steps);
}

}  // namespace

int main(int argc, char** argv) {
  bool with_big = true, with_reference = true;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--big=false") == 0) {
      with_big = false;
    } else if (std::strcmp(argv[i], "--reference=false") == 0) {
      with_reference = false;
    } else {
      args.push_back(argv[i]);
    }
  }
  int n_args = static_cast<int>(args.size());
  benchmark::Initialize(&n_args, args.data());

  torch::NoGradGuard no_grad;
  {
    // Magenta's mel_2bar_small, imported from the deeplearn.js folder in memory.
    const vec2midi::vae::DeepLearnJsReader reader(std::string(VEC2MIDI_SHARED_DIR) + "/data/magenta/mel_2bar_small");
    vec2midi::vae::ImportReport report;
    const auto st = vec2midi::vae::convert_checkpoint(reader, {.show_progress = false}, report);
    MusicVae small = vec2midi::vae::music_vae_from_safetensors(st, report.source);
    models().emplace("small", Model{small, std::make_unique<FastDecoder>(*small)});
  }
  if (with_big) {
    MusicVae big(MusicVaeOptions::mel_2bar_big());
    big->reset_parameters(1);
    models().emplace("big", Model{big, std::make_unique<FastDecoder>(*big)});
  }
  benchmark::AddCustomContext("torch_threads", std::to_string(torch::get_num_threads()));
  benchmark::AddCustomContext("gate_kernel", vec2midi::vae::fused_lstm_gates_vectorised() ? "avx2+fma" : "scalar");

  std::vector<Case> cases;
  for (const char* model : {"small", "big"}) {
    if (!models().count(model)) continue;
    for (const int64_t steps : {16, 32}) {
      for (const int64_t batch : {1, 64, 1024}) cases.push_back({model, batch, steps});
    }
  }
  for (const Case& c : cases) {
    benchmark::RegisterBenchmark(name("decode", c).c_str(), bm_decode, c)->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::RegisterBenchmark(name("gemm_only", c).c_str(), bm_gemm_ceiling, c)->Unit(benchmark::kMillisecond)->UseRealTime();
    if (with_reference && c.model == "small" && c.steps == 32) {
      benchmark::RegisterBenchmark(name("reference", c).c_str(), bm_reference, c)->Unit(benchmark::kMillisecond)->UseRealTime();
    }
  }
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);

  // The summary for docs/BENCHMARKS.md: decode against the GEMM ceiling of the same case.
  std::printf("\n| model | batch | steps | melodies/s | decode GFLOP/s | GEMM-only GFLOP/s | ratio | peak RSS MiB (case adds) | reference melodies/s |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  const auto& results = reporter.results();
  for (const Case& c : cases) {
    const auto d = results.find(name("decode", c));
    const auto g = results.find(name("gemm_only", c));
    if (d == results.end() || g == results.end()) continue;
    const auto r = results.find(name("reference", c));
    const std::string ref = r == results.end() ? "" : std::to_string(static_cast<int64_t>(r->second.counters.at("melodies/s") + 0.5));
    std::printf("| %s | %ld | %ld | %.0f | %.1f | %.1f | %.0f %% | %.0f (%.0f) | %s |\n", c.model.c_str(), c.batch, c.steps,
                d->second.counters.at("melodies/s"), d->second.counters.at("GFLOP/s"), g->second.counters.at("GFLOP/s"),
                100.0 * g->second.seconds / d->second.seconds, d->second.counters.at("peak_MiB"),
                d->second.counters.at("peak_over_MiB"), ref.c_str());
  }
  benchmark::Shutdown();
  return 0;
}
