// Bootstrap intervals of pairwise ROC figures: they hold the full-sample figure, shrink with more items,
// are reproducible from the seed, and refuse inputs they cannot use.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "eval/bootstrap.hpp"
#include "io/error.hpp"

namespace vec2midi::eval {
namespace {

/// Items of 3 classes at 1-d positions class + noise; score = -|x_i - x_j|.
struct Toy {
  std::vector<double> scores;
  std::vector<int> classes;
};

Toy toy(int n, double noise, uint64_t seed) {
  std::mt19937_64 gen(seed);
  std::vector<double> x;
  Toy t;
  for (int i = 0; i < n; ++i) {
    t.classes.push_back(i % 3);
    x.push_back(double(i % 3) + noise * (double(gen() % 1000) / 1000.0 - 0.5));
  }
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) t.scores.push_back(-std::abs(x[size_t(i)] - x[size_t(j)]));
  return t;
}

double full_auc(const Toy& t) {
  std::vector<double> s;
  std::vector<uint8_t> l;
  const size_t n = t.classes.size();
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) {
      s.push_back(t.scores[i * n + j]);
      l.push_back(t.classes[i] == t.classes[j]);
    }
  return roc_auc(s, l);
}

TEST(Bootstrap, IntervalHoldsTheFullSampleAuc) {
  const Toy t = toy(60, 2.0, 1);
  const RocIntervals ci = bootstrap_pairwise_roc(t.scores, t.classes, {.n_resamples = 300, .seed = 3});
  const double auc = full_auc(t);
  EXPECT_LT(ci.auc.low, auc);
  EXPECT_GT(ci.auc.high, auc);
  EXPECT_LE(ci.tpr.low, ci.tpr.high);
  EXPECT_EQ(ci.n_resamples, 300);
}

TEST(Bootstrap, MoreItemsGiveANarrowerInterval) {
  const Toy small = toy(30, 2.0, 1), large = toy(240, 2.0, 1);
  const auto a = bootstrap_pairwise_roc(small.scores, small.classes, {.n_resamples = 200});
  const auto b = bootstrap_pairwise_roc(large.scores, large.classes, {.n_resamples = 200});
  EXPECT_LT(b.auc.high - b.auc.low, a.auc.high - a.auc.low);
}

TEST(Bootstrap, SameSeedSameInterval) {
  const Toy t = toy(40, 1.5, 2);
  const auto a = bootstrap_pairwise_roc(t.scores, t.classes, {.n_resamples = 50, .seed = 9});
  const auto b = bootstrap_pairwise_roc(t.scores, t.classes, {.n_resamples = 50, .seed = 9});
  EXPECT_EQ(a.auc.low, b.auc.low);
  EXPECT_EQ(a.tpr.high, b.tpr.high);
}

TEST(Bootstrap, PerfectSeparationGivesAPointInterval) {
  const Toy t = toy(30, 0.0, 1);
  const auto ci = bootstrap_pairwise_roc(t.scores, t.classes, {.n_resamples = 50});
  EXPECT_DOUBLE_EQ(ci.auc.low, 1.0);
  EXPECT_DOUBLE_EQ(ci.tpr.low, 1.0);
}

TEST(Bootstrap, CallsBackAfterEachResampleWithoutChangingTheInterval) {
  const Toy t = toy(30, 1.5, 4);
  int64_t calls = 0;
  const auto with = bootstrap_pairwise_roc(t.scores, t.classes, {.n_resamples = 37, .after_each = [&] { ++calls; }});
  const auto without = bootstrap_pairwise_roc(t.scores, t.classes, {.n_resamples = 37});
  EXPECT_EQ(calls, 37);
  EXPECT_EQ(with.auc.low, without.auc.low);
  EXPECT_EQ(with.auc.high, without.auc.high);
  EXPECT_EQ(with.tpr.high, without.tpr.high);
}

TEST(Bootstrap, RefusesAMatrixOfTheWrongSize) {
  const std::vector<double> scores(5, 0.0);
  const std::vector<int> classes{0, 1, 0};
  EXPECT_THROW(bootstrap_pairwise_roc(scores, classes), InputError);
}

TEST(Bootstrap, RefusesItemsOfOneClassOnly) {
  const std::vector<double> scores(9, 0.0);
  const std::vector<int> classes{1, 1, 1};
  EXPECT_THROW(bootstrap_pairwise_roc(scores, classes, {.n_resamples = 10}), InputError);
}

}  // namespace
}  // namespace vec2midi::eval
