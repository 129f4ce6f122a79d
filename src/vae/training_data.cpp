#include "vae/training_data.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <torch/torch.h>

#include "io/error.hpp"
#include "io/random.hpp"
#include "io/random_stream.hpp"
#include "vae/sampling.hpp"
#include "vae/transposition.hpp"

namespace vec2midi::vae {
namespace {

// Stream constants keep the split and the epoch orders on independent generators.
constexpr uint64_t kSplitStream = 0x5b1f0c3a9d2e4871ull;
constexpr uint64_t kOrderStream = 0x0d3e9a7c21f45b66ull;

// An index in [0, n) from one uniform01() draw: min(n − 1, floor(u·n)). Not io::uniform_int (whole 64-bit
// draws with rejection): the split and epoch orders keep the draws of the runs that trained the shipped VAEs.
int64_t uniform_index(std::mt19937_64& rng, int64_t n) {
  const auto k = static_cast<int64_t>(std::floor(io::uniform01(rng) * static_cast<double>(n)));
  return std::min(k, n - 1);
}

// Fisher–Yates with uniform_index() (see above).
void shuffle(std::vector<int64_t>& items, std::mt19937_64& rng) {
  for (int64_t i = static_cast<int64_t>(items.size()) - 1; i > 0; --i) {
    std::swap(items[static_cast<size_t>(i)], items[static_cast<size_t>(uniform_index(rng, i + 1))]);
  }
}

}  // namespace

music::WindowDataset merge_window_datasets(const std::vector<music::WindowDataset>& parts) {
  music::WindowDataset merged;
  if (parts.empty()) return merged;
  merged.n_steps = parts.front().n_steps;
  for (const music::WindowDataset& part : parts) {
    if (part.n_steps != merged.n_steps) {
      throw InputError("windows files disagree on window length: " + std::to_string(merged.n_steps) + " and " +
                       std::to_string(part.n_steps) + " steps");
    }
    const auto offset = static_cast<int64_t>(merged.sources.size());
    merged.sources.insert(merged.sources.end(), part.sources.begin(), part.sources.end());
    merged.events.insert(merged.events.end(), part.events.begin(), part.events.end());
    for (const int64_t s : part.source_index) merged.source_index.push_back(s + offset);
    merged.start_bar.insert(merged.start_bar.end(), part.start_bar.begin(), part.start_bar.end());
  }
  return merged;
}

WindowSplit split_by_source(const music::WindowDataset& data, double fraction, uint64_t seed) {
  const auto n_sources = static_cast<int64_t>(data.sources.size());
  std::vector<int64_t> sources(static_cast<size_t>(n_sources));
  for (int64_t i = 0; i < n_sources; ++i) sources[static_cast<size_t>(i)] = i;
  std::mt19937_64 rng = io::item_generator(seed ^ kSplitStream, 0);
  shuffle(sources, rng);
  auto n_held = static_cast<int64_t>(std::llround(fraction * static_cast<double>(n_sources)));
  if (fraction > 0 && n_sources >= 2) n_held = std::max<int64_t>(n_held, 1);
  n_held = std::min(n_held, n_sources - 1);
  n_held = std::max<int64_t>(n_held, 0);
  std::vector<char> held(static_cast<size_t>(n_sources), 0);
  for (int64_t i = 0; i < n_held; ++i) held[static_cast<size_t>(sources[static_cast<size_t>(i)])] = 1;

  WindowSplit split;
  split.n_validation_sources = n_held;
  split.n_train_sources = n_sources - n_held;
  for (int64_t w = 0; w < data.n_windows(); ++w) {
    const int64_t s = data.source_index.empty() ? 0 : data.source_index[static_cast<size_t>(w)];
    (s < n_sources && held[static_cast<size_t>(s)] ? split.validation : split.train).push_back(w);
  }
  return split;
}

uint64_t dataset_fingerprint(const music::WindowDataset& data) {
  // FNV-1a 64 (io::fnv1a64's) of n_steps' eight bytes, least significant first, then of the events, without
  // copying the events into one string.
  uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&h](uint8_t byte) {
    h ^= byte;
    h *= 0x100000001b3ull;
  };
  for (int shift = 0; shift < 64; shift += 8) mix(static_cast<uint8_t>(static_cast<uint64_t>(data.n_steps) >> shift));
  for (const uint8_t e : data.events) mix(e);
  return h;
}

std::vector<int64_t> epoch_order(std::span<const int64_t> windows, uint64_t seed, int64_t epoch) {
  std::vector<int64_t> order(windows.begin(), windows.end());
  std::mt19937_64 rng = io::item_generator(seed ^ kOrderStream, epoch);
  shuffle(order, rng);
  return order;
}

std::vector<int64_t> next_batch(DataCursor& cursor, std::span<const int64_t> windows, int64_t batch_size,
                                uint64_t seed) {
  if (windows.empty()) throw InputError("no training windows to draw a batch from");
  std::vector<int64_t> batch;
  batch.reserve(static_cast<size_t>(batch_size));
  while (static_cast<int64_t>(batch.size()) < batch_size) {
    if (cursor.order.empty()) {
      cursor.order = epoch_order(windows, seed, cursor.epoch);
      cursor.position = 0;
    } else if (cursor.position >= static_cast<int64_t>(cursor.order.size())) {
      ++cursor.epoch;
      cursor.order = epoch_order(windows, seed, cursor.epoch);
      cursor.position = 0;
    }
    batch.push_back(cursor.order[static_cast<size_t>(cursor.position++)]);
  }
  return batch;
}

torch::Tensor make_batch(const music::WindowDataset& data, std::span<const int64_t> indices, int transpose_range,
                         std::mt19937_64& rng) {
  const int64_t n_steps = data.n_steps;
  torch::Tensor out = torch::empty({static_cast<int64_t>(indices.size()), n_steps}, torch::kInt64);
  int64_t* dst = out.data_ptr<int64_t>();
  std::vector<uint8_t> window(static_cast<size_t>(n_steps));
  for (const int64_t index : indices) {
    const auto src = data.window(index);
    std::copy(src.begin(), src.end(), window.begin());
    if (transpose_range > 0) transpose_events(window, random_transposition(window, transpose_range, rng));
    for (const uint8_t e : window) *dst++ = e;
  }
  return out;
}

}  // namespace vec2midi::vae
