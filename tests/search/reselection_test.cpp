#include "search/reselection.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace vec2midi::search {
namespace {

// Rows whose search loss was a draw: the true loss of a row is a[0]; row 0 was lucky (seen 1, truly 5).
std::vector<HistoryRow> lucky_history() {
  return {{.index = 0, .loss = 1.0, .a = {5.0}},
          {.index = 1, .loss = 2.5, .a = {2.0}},
          {.index = 2, .loss = 3.0, .a = {3.0}},
          {.index = 3, .loss = 10.0, .a = {0.5}}};
}

// The true loss plus a small index-dependent wobble that averages out over draws.
double noisy(std::span<const double> a, int64_t index) { return a[0] + ((index % 2 == 0) ? 0.1 : -0.1); }

ReselectionOptions options(int64_t top, int64_t draws) {
  return {.top = top, .draws = draws, .first_index = 100, .show_progress = false};
}

TEST(Reselection, KeepsTheLowestFreshMeanNotTheLuckiestSearchLoss) {
  const auto history = lucky_history();
  const Reselection r = reselect_best(history, noisy, options(3, 2));
  ASSERT_EQ(r.candidates.size(), 3u);
  // Search-loss order, and only the top 3: row 3 (true loss 0.5) is not among them.
  EXPECT_EQ(r.candidates[0].index, 0);
  EXPECT_EQ(r.candidates[1].index, 1);
  EXPECT_EQ(r.candidates[2].index, 2);
  EXPECT_EQ(r.chosen, 1u);
  EXPECT_EQ(r.candidates[r.chosen].row, 1u);
  EXPECT_NEAR(r.candidates[0].mean, 5.0, 1e-12);
  EXPECT_NEAR(r.candidates[1].mean, 2.0, 1e-12);
  EXPECT_DOUBLE_EQ(r.candidates[1].search_loss, 2.5);
  EXPECT_NEAR(r.candidates[1].stddev, std::sqrt(0.02), 1e-12);
}

TEST(Reselection, UsesFreshIndicesPastFirstIndexOncePerDraw) {
  std::vector<int64_t> seen;
  const auto record = [&](std::span<const double> a, int64_t index) {
    seen.push_back(index);
    return a[0];
  };
  const Reselection r = reselect_best(lucky_history(), record, options(2, 3));
  EXPECT_EQ(seen, (std::vector<int64_t>{100, 101, 102, 103, 104, 105}));
  EXPECT_EQ(r.candidates[0].losses.size(), 3u);
  EXPECT_EQ(r.candidates[0].stddev, 0.0);  // the same value three times
}

TEST(Reselection, TopLargerThanTheHistoryTakesEveryRow) {
  const Reselection r = reselect_best(lucky_history(), noisy, options(50, 1));
  ASSERT_EQ(r.candidates.size(), 4u);
  EXPECT_EQ(r.candidates[r.chosen].index, 3);
  EXPECT_EQ(r.candidates[r.chosen].stddev, 0.0);
}

TEST(Reselection, TiesKeepTheBetterSearchLoss) {
  const std::vector<HistoryRow> history{{.index = 0, .loss = 4.0, .a = {1.0}}, {.index = 1, .loss = 3.0, .a = {1.0}}};
  const Reselection r = reselect_best(history, [](std::span<const double> a, int64_t) { return a[0]; }, options(2, 1));
  EXPECT_EQ(r.candidates[r.chosen].index, 1);
}

TEST(Reselection, RejectsAnEmptyHistoryAndNonPositiveCounts) {
  EXPECT_THROW(reselect_best({}, noisy, options(3, 2)), InputError);
  EXPECT_THROW(reselect_best(lucky_history(), noisy, options(0, 2)), InputError);
  EXPECT_THROW(reselect_best(lucky_history(), noisy, options(3, 0)), InputError);
}

// The validation score of a row is read off its coefficients: tpr = a[0], auc = a[1].
ValidationScore read_off(std::span<const double> a) { return {.tpr = a[0], .auc = a[1]}; }

TEST(SelectByValidation, KeepsTheHighestTprThenTheHigherAucAmongTheTop) {
  const std::vector<HistoryRow> history{{.index = 0, .loss = 1.0, .a = {0.4, 0.99}},
                                        {.index = 1, .loss = 2.0, .a = {0.7, 0.95}},
                                        {.index = 2, .loss = 3.0, .a = {0.7, 0.97}},
                                        {.index = 3, .loss = 9.0, .a = {0.9, 0.99}}};
  const Validation v = select_by_validation(history, read_off, 3, false);
  ASSERT_EQ(v.candidates.size(), 3u);  // row 3 is not among the 3 best search losses
  EXPECT_EQ(v.candidates[v.chosen].index, 2);
  EXPECT_DOUBLE_EQ(v.candidates[v.chosen].score.auc, 0.97);
  EXPECT_DOUBLE_EQ(v.candidates[v.chosen].search_loss, 3.0);
}

TEST(SelectByValidation, FullTiesKeepTheBetterSearchLossAndBadInputThrows) {
  const std::vector<HistoryRow> history{{.index = 0, .loss = 5.0, .a = {0.5, 0.9}}, {.index = 1, .loss = 4.0, .a = {0.5, 0.9}}};
  EXPECT_EQ(select_by_validation(history, read_off, 5, false).candidates.size(), 2u);
  const Validation v = select_by_validation(history, read_off, 5, false);
  EXPECT_EQ(v.candidates[v.chosen].index, 1);
  EXPECT_THROW(select_by_validation({}, read_off, 3, false), InputError);
  EXPECT_THROW(select_by_validation(history, read_off, 0, false), InputError);
}

}  // namespace
}  // namespace vec2midi::search
