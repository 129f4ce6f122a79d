// MusicVAE decoding speed of the inference decoder (vae::MelodyDecoder, float32 and bf16) against, in the same
// process: the GEMM ceilings of the same per-step shapes (OpenBLAS sgemm on plain weights, oneDNN with weights
// packed, float32 and bf16), and the libtorch reference loop. Magenta's real
// mel_2bar_small (imported from ../shared) and a randomly initialised cat-mel_2bar_big. Ends with the summary
// table of docs/BENCHMARKS.md and bf16's agreement with float32 on the 64 golden magenta.js melodies.
// Usage: build/bench/decode_bench [--benchmark_filter=small] [--big=false] [--reference=false]
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <omp.h>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "compute/lstm_gates.hpp"
#include "music/event_codec.hpp"
#include "vae/deeplearnjs_reader.hpp"
#include "vae/magenta_import.hpp"
#include "vae/melody_decoder.hpp"
#include "vae/model_io.hpp"
#include "vae/music_vae.hpp"

extern "C" void openblas_set_num_threads(int);
extern "C" char* openblas_get_config();

namespace {

using vec2midi::compute::Precision;
using vec2midi::vae::MelodyDecoder;
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

// One model in every form the benchmark times; the plain weights are the per-step GEMMs' [K, N] matrices.
struct Model {
  MusicVae vae;
  std::unique_ptr<MelodyDecoder> f32, bf16;
  std::vector<std::vector<float>> step_weights;
  std::vector<std::pair<int64_t, int64_t>> step_shapes;  // (K, N) per GEMM of one step
};

std::map<std::string, Model>& models() {
  static std::map<std::string, Model> m;
  return m;
}

std::vector<float> plain(const torch::Tensor& t) {
  const torch::Tensor c = t.contiguous();
  return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

void add_model(const std::string& name, MusicVae vae) {
  const auto path = std::filesystem::temp_directory_path() / ("decode_bench_" + name + ".safetensors");
  vec2midi::vae::save_music_vae(*vae, path);
  Model m{vae, std::make_unique<MelodyDecoder>(path),
          std::make_unique<MelodyDecoder>(path, Precision::kBfloat16), {}, {}};
  std::filesystem::remove(path);
  const MusicVaeOptions& o = vae->options();
  const int64_t h = o.decoder_size;
  // The decoder's variables by the end of their Magenta name.
  const auto variable = [&](const std::string& suffix) {
    for (const auto& [key, param] : vae->magenta_variables()) {
      if (key.size() >= suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0) return param;
    }
    throw std::runtime_error("no variable " + suffix);
  };
  m.step_weights.push_back(plain(variable("decoder/multi_rnn_cell/cell_0/lstm_cell/kernel").narrow(0, o.n_events + o.z_size, h)));
  m.step_shapes.emplace_back(h, 4 * h);  // layer 0: h0's rows of the kernel
  for (int64_t l = 1; l < o.decoder_layers; ++l) {
    m.step_weights.push_back(plain(variable("decoder/multi_rnn_cell/cell_" + std::to_string(l) + "/lstm_cell/kernel")));
    m.step_shapes.emplace_back(2 * h, 4 * h);
  }
  m.step_weights.push_back(plain(variable("decoder/output_projection/kernel")));
  m.step_shapes.emplace_back(h, o.n_events);
  models().emplace(name, std::move(m));
}

void set_melody_counters(benchmark::State& state, const Case& c, double flops_per_step) {
  state.counters["melodies/s"] = benchmark::Counter(double(state.iterations() * c.batch), benchmark::Counter::kIsRate);
  state.counters["GFLOP/s"] = benchmark::Counter(flops_per_step * double(c.steps * c.batch * state.iterations()) / 1e9,
                                                 benchmark::Counter::kIsRate);
}

void bm_decode(benchmark::State& state, const Case& c, Precision precision) {
  const Model& m = models().at(c.model);
  const MelodyDecoder& decoder = precision == Precision::kBfloat16 ? *m.bf16 : *m.f32;
  const std::vector<float> z = plain(torch::randn({c.batch, m.vae->options().z_size}, torch::Generator(at::detail::createCPUGenerator(1))));
  const double rss_before = proc_status_mib("VmRSS");
  reset_peak_rss();
  for (auto _ : state) benchmark::DoNotOptimize(decoder.decode(z, {.n_steps = c.steps}));
  set_melody_counters(state, c, decoder.gemm_flops_per_step());
  state.counters["peak_MiB"] = proc_status_mib("VmHWM");
  state.counters["peak_over_MiB"] = proc_status_mib("VmHWM") - rss_before;
}

void bm_onednn_ceiling(benchmark::State& state, const Case& c, Precision precision) {
  const Model& m = models().at(c.model);
  const MelodyDecoder& decoder = precision == Precision::kBfloat16 ? *m.bf16 : *m.f32;
  for (auto _ : state) decoder.run_step_gemms_only(c.batch, c.steps);
  set_melody_counters(state, c, decoder.gemm_flops_per_step());
}

void bm_openblas_ceiling(benchmark::State& state, const Case& c) {
  // The same per-step GEMMs as OpenBLAS sgemm over the whole batch, on its own threads (one per core).
  const Model& m = models().at(c.model);
  openblas_set_num_threads(omp_get_max_threads());
  int64_t widest = 0;
  for (const auto& [k, n] : m.step_shapes) widest = std::max({widest, k, n});
  const std::vector<float> x(size_t(c.batch * widest), 0.01f);
  std::vector<float> y(size_t(c.batch * widest));
  double flops = 0.0;
  for (const auto& [k, n] : m.step_shapes) flops += 2.0 * double(k * n);
  for (auto _ : state) {
    for (int64_t t = 0; t < c.steps; ++t) {
      for (size_t g = 0; g < m.step_shapes.size(); ++g) {
        const auto [k, n] = m.step_shapes[g];
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(c.batch), int(n), int(k), 1.0f, x.data(), int(k),
                    m.step_weights[g].data(), int(n), 0.0f, y.data(), int(n));
      }
    }
  }
  set_melody_counters(state, c, flops);
}

void bm_reference(benchmark::State& state, const Case& c) {
  Model& m = models().at(c.model);
  const torch::Tensor z = torch::randn({c.batch, m.vae->options().z_size});
  for (auto _ : state) benchmark::DoNotOptimize(m.vae->greedy_decode_reference(z, c.steps));
  set_melody_counters(state, c, m.f32->gemm_flops_per_step());
}

// Collects the counters of every run so that the summary table can be printed at the end: with
// --benchmark_repetitions the medians, else the single run.
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) {
      const bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
      if (!median && (r.run_type != Run::RT_Iteration || r.iterations == 0)) continue;
      std::string key = r.run_name.str();
      const std::string suffix = "/real_time";  // added by UseRealTime(); the table looks cases up without it
      if (key.size() > suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0) {
        key.resize(key.size() - suffix.size());
      }
      if (!median && medians_.count(key)) continue;
      if (median) medians_.insert(key);
      for (const auto& [k, v] : r.counters) results_[key][k] = v.value;
    }
  }
  double get(const std::string& key, const std::string& counter) const {
    const auto it = results_.find(key);
    return it == results_.end() || !it->second.count(counter) ? 0.0 : it->second.at(counter);
  }

 private:
  std::map<std::string, std::map<std::string, double>> results_;
  std::set<std::string> medians_;
};

std::string name(const char* kind, const Case& c) {
  return std::string(kind) + "/" + c.model + "/batch:" + std::to_string(c.batch) + "/steps:" + std::to_string(c.steps);
}

// bf16 against float32 on the 64 z of the golden file: melodies equal to magenta.js's, and equal argmax steps.
void print_bf16_agreement() {
  const std::filesystem::path file = std::string(VEC2MIDI_SHARED_DIR) + "/golden/magenta_mel_2bar_small_argmax.json";
  std::ifstream in(file);
  if (!in) return;
  const nlohmann::json golden = nlohmann::json::parse(in);
  const int64_t n_steps = golden.at("steps").get<int64_t>();
  std::vector<float> z;
  for (const auto& item : golden.at("items")) {
    for (const auto& x : item.at("z")) z.push_back(x.get<float>());
  }
  const Model& m = models().at("small");
  const auto f32 = m.f32->decode(z, {.n_steps = n_steps});
  const auto bf16 = m.bf16->decode(z, {.n_steps = n_steps});
  size_t equal_steps = 0, equal_melodies = 0;
  for (size_t i = 0; i < f32.size(); ++i) equal_steps += f32[i] == bf16[i];
  for (size_t r = 0; r * size_t(n_steps) < f32.size(); ++r) {
    equal_melodies += std::equal(f32.begin() + long(r * n_steps), f32.begin() + long((r + 1) * n_steps),
                                 bf16.begin() + long(r * n_steps));
  }
  std::printf("\nbf16 on the %zu golden z (%ld steps): %zu melodies equal to float32's (which equal magenta.js's), "
              "%zu of %zu argmax steps equal (%.1f %%)\n", f32.size() / size_t(n_steps), n_steps, equal_melodies,
              equal_steps, f32.size(), 100.0 * double(equal_steps) / double(f32.size()));
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
    add_model("small", vec2midi::vae::music_vae_from_safetensors(st, report.source));
  }
  if (with_big) {
    MusicVae big(MusicVaeOptions::mel_2bar_big());
    big->reset_parameters(1);
    add_model("big", big);
  }
  benchmark::AddCustomContext("omp_threads", std::to_string(omp_get_max_threads()));
  benchmark::AddCustomContext("torch_threads", std::to_string(torch::get_num_threads()));
  benchmark::AddCustomContext("gate_kernel", std::string(vec2midi::compute::lstm_gates_isa()));
  benchmark::AddCustomContext("openblas", openblas_get_config());

  std::vector<Case> cases;
  for (const char* model : {"small", "big"}) {
    if (!models().count(model)) continue;
    for (const int64_t batch : {1, 64, 1024}) cases.push_back({model, batch, model == std::string("big") ? 16 : 32});
  }
  auto reg = [](const std::string& n, auto fn) {
    benchmark::RegisterBenchmark(n.c_str(), fn)->Unit(benchmark::kMillisecond)->UseRealTime();
  };
  for (const Case& c : cases) {
    reg(name("decode_f32", c), [c](benchmark::State& s) { bm_decode(s, c, Precision::kFloat32); });
    reg(name("decode_bf16", c), [c](benchmark::State& s) { bm_decode(s, c, Precision::kBfloat16); });
    reg(name("onednn_f32", c), [c](benchmark::State& s) { bm_onednn_ceiling(s, c, Precision::kFloat32); });
    reg(name("onednn_bf16", c), [c](benchmark::State& s) { bm_onednn_ceiling(s, c, Precision::kBfloat16); });
    reg(name("openblas_f32", c), [c](benchmark::State& s) { bm_openblas_ceiling(s, c); });
    if (with_reference) {
      if (c.model == "small" && c.batch > 1) reg(name("libtorch_reference", c), [c](benchmark::State& s) { bm_reference(s, c); });
    }
  }
  SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);

  // The summary for docs/BENCHMARKS.md: each decode against the best GEMM ceiling of the same case and precision.
  std::printf("\n| model | batch | steps | f32 melodies/s | best f32 GEMM ceiling (OpenBLAS / oneDNN GFLOP/s) | f32 share "
              "| bf16 melodies/s | bf16 ceiling GFLOP/s | bf16 share | libtorch reference | peak RSS MiB |\n");
  std::printf("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
  for (const Case& c : cases) {
    const double f32 = reporter.get(name("decode_f32", c), "GFLOP/s"), bf16 = reporter.get(name("decode_bf16", c), "GFLOP/s");
    const double blas = reporter.get(name("openblas_f32", c), "GFLOP/s"), dnnl = reporter.get(name("onednn_f32", c), "GFLOP/s");
    const double dnnl_bf16 = reporter.get(name("onednn_bf16", c), "GFLOP/s");
    if (f32 == 0.0) continue;
    std::printf("| %s | %ld | %ld | %.0f | %.1f / %.1f | %.0f %% | %.0f | %.1f | %.0f %% | %.0f | %.0f |\n", c.model.c_str(),
                c.batch, c.steps, reporter.get(name("decode_f32", c), "melodies/s"), blas, dnnl,
                100.0 * f32 / std::max(blas, dnnl), reporter.get(name("decode_bf16", c), "melodies/s"), dnnl_bf16,
                dnnl_bf16 > 0.0 ? 100.0 * bf16 / dnnl_bf16 : 0.0, reporter.get(name("libtorch_reference", c), "melodies/s"), reporter.get(name("decode_f32", c), "peak_MiB"));
  }
  if (models().count("small")) print_bf16_agreement();
  benchmark::Shutdown();
  return 0;
}
