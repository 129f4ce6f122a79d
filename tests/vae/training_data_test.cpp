#include "vae/training_data.hpp"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "io/error.hpp"
#include "training_fixture.hpp"

namespace vec2midi::vae {
namespace {

using testing::synthetic_windows;

TEST(TrainingData, SplitNeverPutsOneSourceOnBothSides) {
  const music::WindowDataset d = synthetic_windows(20, 5, 8);
  const WindowSplit s = split_by_source(d, 0.25, 3);
  std::set<int64_t> train_sources, validation_sources;
  for (const int64_t w : s.train) train_sources.insert(d.source_index[static_cast<size_t>(w)]);
  for (const int64_t w : s.validation) validation_sources.insert(d.source_index[static_cast<size_t>(w)]);
  for (const int64_t src : validation_sources) EXPECT_EQ(train_sources.count(src), 0u) << src;
  EXPECT_EQ(validation_sources.size(), 5u);
  EXPECT_EQ(s.n_validation_sources, 5);
  EXPECT_EQ(s.n_train_sources, 15);
  EXPECT_EQ(s.train.size() + s.validation.size(), 100u);
}

TEST(TrainingData, SplitDependsOnSeed) {
  const music::WindowDataset d = synthetic_windows(40, 2, 8);
  EXPECT_EQ(split_by_source(d, 0.1, 1).validation, split_by_source(d, 0.1, 1).validation);
  EXPECT_NE(split_by_source(d, 0.1, 1).validation, split_by_source(d, 0.1, 2).validation);
}

TEST(TrainingData, SmallFractionStillHoldsOutOneFile) {
  const music::WindowDataset d = synthetic_windows(3, 2, 8);
  EXPECT_EQ(split_by_source(d, 0.01, 0).n_validation_sources, 1);
  EXPECT_EQ(split_by_source(d, 0.0, 0).n_validation_sources, 0);
}

TEST(TrainingData, MergeAppendsSourcesAndShiftsIndices) {
  const music::WindowDataset a = synthetic_windows(2, 3, 8);
  const music::WindowDataset b = synthetic_windows(3, 1, 8);
  const music::WindowDataset m = merge_window_datasets({a, b});
  EXPECT_EQ(m.n_windows(), 9);
  EXPECT_EQ(m.sources.size(), 5u);
  EXPECT_EQ(m.source_index[6], 2);  // b's first window, b's source 0
  EXPECT_TRUE(std::equal(m.window(6).begin(), m.window(6).end(), b.window(0).begin()));
}

TEST(TrainingData, MergeRefusesDifferentWindowLengths) {
  EXPECT_THROW(merge_window_datasets({synthetic_windows(1, 1, 8), synthetic_windows(1, 1, 16)}), InputError);
}

TEST(TrainingData, EpochOrderIsASeededPermutation) {
  const std::vector<int64_t> windows{3, 5, 8, 13, 21, 34};
  const std::vector<int64_t> o = epoch_order(windows, 7, 0);
  std::vector<int64_t> sorted = o;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, windows);
  EXPECT_EQ(o, epoch_order(windows, 7, 0));
  EXPECT_NE(o, epoch_order(windows, 7, 1));
}

TEST(TrainingData, BatchesRunThroughEveryWindowBeforeTheNextEpoch) {
  const std::vector<int64_t> windows{0, 1, 2, 3, 4};
  DataCursor c;
  std::vector<int64_t> seen;
  for (int i = 0; i < 5; ++i) {
    const auto b = next_batch(c, windows, 2, 1);
    seen.insert(seen.end(), b.begin(), b.end());
  }
  // 10 draws: the first 5 are one epoch (a permutation), the next 5 the second.
  std::vector<int64_t> first(seen.begin(), seen.begin() + 5), second(seen.begin() + 5, seen.end());
  std::sort(first.begin(), first.end());
  std::sort(second.begin(), second.end());
  EXPECT_EQ(first, windows);
  EXPECT_EQ(second, windows);
  EXPECT_EQ(c.epoch, 1);
}

TEST(TrainingData, MakeBatchKeepsEventsWithoutTransposition) {
  const music::WindowDataset d = synthetic_windows(1, 3, 8);
  std::mt19937_64 rng(0);
  const std::vector<int64_t> idx{2, 0};
  const torch::Tensor b = make_batch(d, idx, 0, rng);
  ASSERT_EQ(b.sizes(), (std::vector<int64_t>{2, 8}));
  for (int64_t t = 0; t < 8; ++t) EXPECT_EQ(b[0][t].item<int64_t>(), d.window(2)[static_cast<size_t>(t)]);
}

TEST(TrainingData, MakeBatchTransposesWholeWindowsByOneShift) {
  const music::WindowDataset d = synthetic_windows(1, 50, 8);
  std::vector<int64_t> idx(50);
  for (int64_t i = 0; i < 50; ++i) idx[static_cast<size_t>(i)] = i;
  std::mt19937_64 rng(4);
  const torch::Tensor b = make_batch(d, idx, 5, rng);
  std::set<int64_t> shifts;
  for (int64_t i = 0; i < 50; ++i) {
    std::set<int64_t> row_shifts;
    for (int64_t t = 0; t < 8; ++t) {
      const int64_t orig = d.window(i)[static_cast<size_t>(t)];
      const int64_t now = b[i][t].item<int64_t>();
      if (orig < music::kNumSpecialEvents) {
        EXPECT_EQ(now, orig);
      } else {
        row_shifts.insert(now - orig);
      }
    }
    ASSERT_EQ(row_shifts.size(), 1u);
    EXPECT_LE(std::abs(*row_shifts.begin()), 5);
    shifts.insert(*row_shifts.begin());
  }
  EXPECT_GT(shifts.size(), 5u);
}

TEST(TrainingData, FingerprintChangesWithOneEvent) {
  music::WindowDataset d = synthetic_windows(2, 2, 8);
  const uint64_t before = dataset_fingerprint(d);
  d.events[5] = static_cast<uint8_t>(d.events[5] == 0 ? 1 : 0);
  EXPECT_NE(dataset_fingerprint(d), before);
}

TEST(TrainingData, FingerprintIsFnv1aOfTheStepCountThenTheEvents) {
  // FNV-1a 64 of the bytes 02 00 00 00 00 00 00 00 01 02 03 04, computed outside the project: checkpoints
  // written before the hash moved to io::fnv1a64 must still match their data.
  music::WindowDataset d;
  d.n_steps = 2;
  d.events = {1, 2, 3, 4};
  EXPECT_EQ(dataset_fingerprint(d), 0x8dab4c1272afcc57ull);
}

}  // namespace
}  // namespace vec2midi::vae
