// MusicVAE training speed: sequences/s of one VaeTrainer step (forward, ELBO, backward, clipping, Adam) at
// batch 512 for the shipped default architecture (models/default_vae.md) and for cat-mel_2bar_small, full training
// and encoder fitting (decoder frozen). Baseline in the same process: the same step with the model's plain
// teacher-forced decode_logits (one-hot input through the full kernel) instead of training_forward's decoder.
// Usage: build/bench/train_bench [--benchmark_filter=small] [--threads=2]
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "music/constants.hpp"
#include "music/window_dataset.hpp"
#include "vae/elbo.hpp"
#include "vae/music_vae.hpp"
#include "vae/training_forward.hpp"
#include "vae/vae_trainer.hpp"

namespace {

using vec2midi::music::WindowDataset;
using vec2midi::vae::MusicVae;
using vec2midi::vae::MusicVaeOptions;
using vec2midi::vae::TrainVaeOptions;
using vec2midi::vae::VaeTrainer;

constexpr int64_t kBatch = 512;

// The shipped default (models/default_vae.md): z 128, encoder 1 x 256, decoder 1 x 512.
MusicVaeOptions default_architecture() {
  MusicVaeOptions o;
  o.z_size = 128;
  o.encoder_size = 256;
  o.decoder_size = 512;
  o.decoder_layers = 1;
  return o;
}

// 4,096 random 2-bar windows over 64 files: a note on every other step, pitches 55..79.
const WindowDataset& bench_windows() {
  static const WindowDataset data = [] {
    WindowDataset d;
    std::mt19937_64 rng(1);
    for (int64_t s = 0; s < 64; ++s) {
      d.sources.push_back({"f" + std::to_string(s), "bench"});
      for (int w = 0; w < 64; ++w) {
        std::vector<uint8_t> window(vec2midi::music::kWindowSteps, vec2midi::music::kNoEvent);
        for (size_t t = 0; t < window.size(); t += 2) window[t] = static_cast<uint8_t>(vec2midi::music::note_on_event(55 + static_cast<int>(rng() % 25)));
        d.add(window, s, w);
      }
    }
    return d;
  }();
  return data;
}

void bm_train_step(benchmark::State& state, MusicVaeOptions arch, bool train_decoder) {
  MusicVae vae(arch);
  vae->reset_parameters(1);
  TrainVaeOptions o;
  o.batch_size = kBatch;
  o.train_decoder = train_decoder;
  VaeTrainer trainer(vae, bench_windows(), o);
  trainer.step();  // warm-up: Adam state allocation
  for (auto _ : state) benchmark::DoNotOptimize(trainer.step().loss);
  state.counters["seq/s"] = benchmark::Counter(static_cast<double>(state.iterations() * kBatch), benchmark::Counter::kIsRate);
}

// Baseline: the same work with MusicVaeImpl::decode_logits (teacher forcing through the full layer-0 kernel).
void bm_baseline_step(benchmark::State& state, MusicVaeOptions arch) {
  MusicVae vae(arch);
  vae->reset_parameters(1);
  torch::optim::Adam adam(vae->parameters(), torch::optim::AdamOptions(1e-3));
  const WindowDataset& data = bench_windows();
  const torch::Tensor events =
      torch::from_blob(const_cast<uint8_t*>(data.events.data()), {kBatch, data.n_steps}, torch::kUInt8).to(torch::kInt64);
  torch::Generator gen = at::detail::createCPUGenerator(0);
  for (auto _ : state) {
    const torch::Tensor x = vec2midi::vae::events_one_hot(events, arch.n_events);
    const auto q = vae->encode(x);
    const torch::Tensor z = vec2midi::vae::MusicVaeImpl::sample_posterior(q, gen);
    const auto terms = vec2midi::vae::elbo(vae->decode_logits(z, x), events, q, 0.1, 0.0);
    adam.zero_grad();
    terms.loss.backward();
    torch::nn::utils::clip_grad_norm_(vae->parameters(), 1.0);
    adam.step();
  }
  state.counters["seq/s"] = benchmark::Counter(static_cast<double>(state.iterations() * kBatch), benchmark::Counter::kIsRate);
}

void register_all() {
  const MusicVaeOptions small = MusicVaeOptions::mel_2bar_small();
  benchmark::RegisterBenchmark("train_step/default_arch", bm_train_step, default_architecture(), true)
      ->Iterations(3)->UseRealTime()->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("baseline_step/default_arch", bm_baseline_step, default_architecture())
      ->Iterations(3)->UseRealTime()->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("train_step/mel_2bar_small", bm_train_step, small, true)
      ->Iterations(2)->UseRealTime()->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("baseline_step/mel_2bar_small", bm_baseline_step, small)
      ->Iterations(2)->UseRealTime()->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("fit_encoder_step/mel_2bar_small", bm_train_step, small, false)
      ->Iterations(2)->UseRealTime()->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--threads=", 10) == 0) threads = std::atoi(argv[i] + 10);
  }
  if (threads > 0) torch::set_num_threads(threads);
  register_all();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
