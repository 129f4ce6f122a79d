// The data side of MusicVAE training: windows files merged into one dataset, a train/validation split
// by source file (never by window, so no tune is on both sides), a seeded epoch order that a checkpoint
// can store, and batches of event indices with random transposition.
// Usage: WindowSplit s = split_by_source(data, 0.05, seed); DataCursor c; auto idx = next_batch(c, s.train, 512, seed);
//        torch::Tensor events = make_batch(data, idx, 5, rng);   // [512, 32] int64
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include <torch/types.h>

#include "music/window_dataset.hpp"

namespace vec2midi::vae {

/// Window indices on each side of a split by source file.
struct WindowSplit {
  std::vector<int64_t> train;       ///< windows of training sources, ascending
  std::vector<int64_t> validation;  ///< windows of held-out sources, ascending
  int64_t n_train_sources = 0;      ///< source files on the training side
  int64_t n_validation_sources = 0; ///< source files held out
};

/// One dataset from several (sources appended, source_index shifted). All must have the same n_steps;
/// throws InputError naming the step counts otherwise.
music::WindowDataset merge_window_datasets(const std::vector<music::WindowDataset>& parts);

/// Holds out round(fraction · n_sources) source files (at least one when fraction > 0 and there are two
/// or more sources), chosen by a seeded shuffle of the source list; their windows form the validation side.
WindowSplit split_by_source(const music::WindowDataset& data, double fraction, uint64_t seed);

/// A 64-bit FNV-1a digest of n_steps and the events: a checkpoint refuses to resume on other data.
uint64_t dataset_fingerprint(const music::WindowDataset& data);

/// The order of `windows` in epoch `epoch`: a Fisher–Yates shuffle from a generator of (seed, epoch).
std::vector<int64_t> epoch_order(std::span<const int64_t> windows, uint64_t seed, int64_t epoch);

/// Where training is in the data: epoch, position in that epoch's order, and the order itself.
struct DataCursor {
  int64_t epoch = 0;             ///< epochs started so far - 1
  int64_t position = 0;          ///< windows of `order` already used
  std::vector<int64_t> order;    ///< this epoch's window order (empty before the first batch)
};

/// The next `batch_size` window indices, continuing into a new epoch (new order) when one runs out.
std::vector<int64_t> next_batch(DataCursor& cursor, std::span<const int64_t> windows, int64_t batch_size, uint64_t seed);

/// Events of `indices` as int64 [B, T]; each window transposed by random_transposition(…, transpose_range,
/// rng) when transpose_range > 0 (one draw per window, in order).
torch::Tensor make_batch(const music::WindowDataset& data, std::span<const int64_t> indices, int transpose_range,
                         std::mt19937_64& rng);

}  // namespace vec2midi::vae
