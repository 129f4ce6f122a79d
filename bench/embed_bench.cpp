// Image2Vec speed: embedding throughput at batch 1 and 64 (network only, and from decoded
// pictures including the bicubic resize), with libtorch and with the plain engine `compose` and
// `search` use (PlainEmbedder: 64 pictures one call each, and as one batch call on 1 or 2 threads), one training
// step (augmentation, forward, triplet loss, backward, Adam), and the classical baseline's
// features. Weights are random: speed does not depend on their values.
// Run: build/bench/embed_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <filesystem>
#include <vector>

#include "io/random.hpp"
#include "vision/augment.hpp"
#include "vision/embedder.hpp"
#include "vision/embedder_model.hpp"
#include "vision/hue_baseline.hpp"
#include "vision/network_input.hpp"
#include "vision/plain_embedder.hpp"
#include "vision/scene_generator.hpp"
#include "vision/triplet_loss.hpp"

namespace {

using namespace vec2midi::vision;

std::vector<cv::Mat> scenes(int64_t n) {
  std::vector<cv::Mat> out;
  for (int64_t i = 0; i < n; ++i) out.push_back(generate_indexed_scene(1, i));
  return out;
}

// Args: batch, width multiplier x 100 (25: the shipped network; 50: the wider recipe of docs/EMBEDDER.md).
void BM_EmbedTensor(benchmark::State& state) {
  torch::manual_seed(0);
  EmbedderOptions options;
  options.width_multiplier = double(state.range(1)) / 100.0;
  Embedder net(options);
  net->eval();
  torch::NoGradGuard no_grad;
  const auto x = torch::rand({state.range(0), 3, 128, 128}) * 2 - 1;
  for (auto _ : state) benchmark::DoNotOptimize(net->forward(x));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_EmbedTensor)->Args({1, 25})->Args({64, 25})->Args({64, 50})->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_EmbedPictures(benchmark::State& state) {
  torch::manual_seed(0);
  Embedder net(EmbedderOptions{});
  net->eval();
  torch::NoGradGuard no_grad;
  const auto images = scenes(state.range(0));  // 160 x 160 (or 160 x 120..160) BGR
  for (auto _ : state) benchmark::DoNotOptimize(net->forward(images_to_batch(images, 128)));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_EmbedPictures)->Arg(1)->Arg(64)->Unit(benchmark::kMillisecond)->UseRealTime();

// The plain engine as compose reads it: a model of `input_size` written with random weights and read back; with
// v2_blocks > 0, the mobilenet_v2 backbone cut after that many blocks (train-embedder --pretrained).
PlainEmbedder random_plain_embedder(int64_t input_size, int64_t v2_blocks = 0) {
  torch::manual_seed(0);
  EmbedderModel model;
  model.options.input_size = input_size;
  if (v2_blocks > 0) {
    model.options.backbone = "mobilenet_v2";
    model.options.v2_blocks = v2_blocks;
  }
  model.net = Embedder(model.options);
  model.net->eval();
  model.centres = {.embedding_size = model.options.embedding_size,
                   .mean = std::vector<float>(size_t(kNumClasses * model.options.embedding_size), 0.1f),
                   .std = std::vector<float>(size_t(kNumClasses * model.options.embedding_size), 0.05f)};
  model.baseline_centroids.assign(size_t(kNumClasses * n_hue_features(model.baseline_options)), 0.0f);
  const auto path = std::filesystem::temp_directory_path() / "embed_bench_plain.safetensors";
  save_embedder_model(path, model);
  PlainEmbedder plain(path);
  std::filesystem::remove(path);
  return plain;
}

// The plain engine on n decoded pictures, one embed() call each; arg 2: input size (128 shipped, 160 the larger
// recipe of docs/EMBEDDER.md).
void BM_PlainEmbedPictures(benchmark::State& state) {
  const PlainEmbedder plain = random_plain_embedder(state.range(1));
  const auto images = scenes(state.range(0));
  for (auto _ : state) {
    for (const auto& image : images) benchmark::DoNotOptimize(plain.embed(image));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PlainEmbedPictures)->Args({1, 128})->Args({64, 128})->Args({64, 160})->Unit(benchmark::kMillisecond)->UseRealTime();

// The plain engine's batch call on n decoded pictures; arg 2: input size, arg 3: threads, arg 4: 0 for our
// MobileNet, else the mobilenet_v2 backbone with that many blocks.
void BM_PlainEmbedBatch(benchmark::State& state) {
  const PlainEmbedder plain = random_plain_embedder(state.range(1), state.range(3));
  const auto images = scenes(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(plain.embed(images, int(state.range(2))));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PlainEmbedBatch)
    ->Args({64, 128, 1, 0})->Args({64, 128, 2, 0})->Args({64, 160, 1, 0})->Args({64, 160, 2, 0})
    ->Args({64, 128, 2, 17})->Args({64, 128, 2, 13})->Args({64, 96, 2, 17})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TrainStep(benchmark::State& state) {
  torch::manual_seed(0);
  Embedder net(EmbedderOptions{});
  net->train();
  torch::optim::Adam adam(net->parameters(), torch::optim::AdamOptions(1e-3));
  const auto images = scenes(72);
  std::vector<int64_t> labels;
  for (int64_t i = 0; i < 72; ++i) labels.push_back(i % 9);
  const auto y = torch::tensor(labels);
  vec2midi::io::Rng rng(1);
  for (auto _ : state) {
    std::vector<cv::Mat> batch;
    for (const auto& image : images) batch.push_back(augment(image, 128, rng));
    adam.zero_grad();
    const auto loss = triplet_loss(net->forward(images_to_batch(batch, 128)), y);
    loss.backward();
    adam.step();
  }
  state.SetItemsProcessed(state.iterations() * 72);
}
BENCHMARK(BM_TrainStep)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_HueBaselineFeatures(benchmark::State& state) {
  const auto images = scenes(16);
  for (auto _ : state)
    for (const auto& image : images) benchmark::DoNotOptimize(hue_features(image));
  state.SetItemsProcessed(state.iterations() * 16);
}
BENCHMARK(BM_HueBaselineFeatures)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
