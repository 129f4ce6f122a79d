#include "eval/roc.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::eval {
namespace {

using testing::shared_json;

music::Melody melody_of_json(const nlohmann::json& notes) {
  music::Melody m;
  for (const auto& n : notes) {
    m.notes.push_back({.pitch = n.at(0).get<int>(), .start_step = n.at(1).get<int64_t>(),
                       .end_step = n.at(2).get<int64_t>()});
  }
  return m;
}

// AUC by definition: the share of (positive, negative) pairs ordered correctly, ties counting 1/2.
double brute_force_auc(const std::vector<double>& scores, const std::vector<uint8_t>& labels) {
  double wins = 0.0;
  double n_pairs = 0.0;
  for (size_t i = 0; i < scores.size(); ++i) {
    if (labels[i] == 0) continue;
    for (size_t j = 0; j < scores.size(); ++j) {
      if (labels[j] != 0) continue;
      n_pairs += 1.0;
      wins += scores[i] > scores[j] ? 1.0 : (scores[i] == scores[j] ? 0.5 : 0.0);
    }
  }
  return wins / n_pairs;
}

// Seeded scores on a coarse grid (so that there are ties) with labels correlated to them.
void random_case(uint64_t seed, size_t n, std::vector<double>& scores, std::vector<uint8_t>& labels) {
  std::mt19937_64 gen(seed);
  std::uniform_int_distribution<int> grid(0, 20);
  std::bernoulli_distribution coin(0.5);
  scores.clear();
  labels.clear();
  for (size_t i = 0; i < n; ++i) {
    const bool positive = coin(gen);
    labels.push_back(positive ? 1 : 0);
    scores.push_back(grid(gen) * 0.1 + (positive ? 0.5 : 0.0));
  }
}

TEST(RocGolden, MatchesGoldenCase) {
  const auto golden = shared_json("golden/melody_distance_examples.json");
  const auto& rc = golden.at("roc_case");
  std::vector<music::MelodyFeatures> features;
  for (const auto& notes : rc.at("melodies")) features.push_back(music::melody_features(melody_of_json(notes)));
  const auto classes = rc.at("labels").get<std::vector<int>>();
  ASSERT_EQ(features.size(), 60u) << "the golden file changed";
  const auto pairs = pairwise_melody_scores(features, classes);
  ASSERT_EQ(pairs.scores.size(), 60u * 59u / 2u);
  const auto roc = evaluate_roc(pairs.scores, pairs.labels, 1e-3);
  EXPECT_NEAR(roc.auc, rc.at("auc").get<double>(), 1e-12);
  EXPECT_EQ(roc.tpr_at_max_fpr, rc.at("sensitivity_at_fpr_1e-3").get<double>());
}

TEST(RocAuc, PerfectSeparationIsOne) {
  const std::vector<double> scores = {0.9, 0.8, 0.3, 0.1};
  const std::vector<uint8_t> labels = {1, 1, 0, 0};
  EXPECT_EQ(roc_auc(scores, labels), 1.0);
}

TEST(RocAuc, ReversedScoresGiveZero) {
  const std::vector<double> scores = {0.1, 0.3, 0.8, 0.9};
  const std::vector<uint8_t> labels = {1, 1, 0, 0};
  EXPECT_EQ(roc_auc(scores, labels), 0.0);
}

TEST(RocAuc, AllTiedIsOneHalf) {
  const std::vector<double> scores = {2.0, 2.0, 2.0, 2.0, 2.0};
  const std::vector<uint8_t> labels = {1, 0, 0, 1, 0};
  EXPECT_EQ(roc_auc(scores, labels), 0.5);
}

TEST(RocAuc, EqualsPairCountWithTies) {
  std::vector<double> scores;
  std::vector<uint8_t> labels;
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    random_case(seed, 200, scores, labels);
    EXPECT_NEAR(roc_auc(scores, labels), brute_force_auc(scores, labels), 1e-12) << "seed " << seed;
  }
}

TEST(RocAuc, EqualsTrapezoidAreaUnderCurve) {
  std::vector<double> scores;
  std::vector<uint8_t> labels;
  random_case(7, 300, scores, labels);
  const auto curve = roc_curve(scores, labels);
  double area = 0.0;
  for (size_t i = 1; i < curve.points.size(); ++i) {
    const auto& a = curve.points[i - 1];
    const auto& b = curve.points[i];
    area += (b.fpr - a.fpr) * (a.tpr + b.tpr) / 2.0;
  }
  EXPECT_NEAR(roc_auc(scores, labels), area, 1e-12);
}

TEST(RocCurve, RunsFromOriginToOneMonotonically) {
  std::vector<double> scores;
  std::vector<uint8_t> labels;
  random_case(3, 100, scores, labels);
  const auto curve = roc_curve(scores, labels);
  ASSERT_GE(curve.points.size(), 2u);
  EXPECT_EQ(curve.points.front().fpr, 0.0);
  EXPECT_EQ(curve.points.front().tpr, 0.0);
  EXPECT_TRUE(std::isinf(curve.points.front().threshold));
  EXPECT_EQ(curve.points.back().fpr, 1.0);
  EXPECT_EQ(curve.points.back().tpr, 1.0);
  for (size_t i = 1; i < curve.points.size(); ++i) {
    EXPECT_LT(curve.points[i].threshold, curve.points[i - 1].threshold);
    EXPECT_GE(curve.points[i].fpr, curve.points[i - 1].fpr);
    EXPECT_GE(curve.points[i].tpr, curve.points[i - 1].tpr);
  }
  EXPECT_EQ(curve.n_positive + curve.n_negative, 100);
}

TEST(RocCurve, TiedScoresMakeOnePoint) {
  const std::vector<double> scores = {1.0, 1.0};
  const std::vector<uint8_t> labels = {1, 0};
  const auto curve = roc_curve(scores, labels);
  ASSERT_EQ(curve.points.size(), 2u);
  EXPECT_EQ(curve.points[1].fpr, 1.0);
  EXPECT_EQ(curve.points[1].tpr, 1.0);
}

TEST(TprAtFpr, TakesLargestFprNotAbove) {
  // By decreasing score: P N P P N N -> points (0,0) (0,1/3) (1/3,1/3) (1/3,2/3) (1/3,1) (2/3,1) (1,1).
  const std::vector<double> scores = {6, 5, 4, 3, 2, 1};
  const std::vector<uint8_t> labels = {1, 0, 1, 1, 0, 0};
  const auto curve = roc_curve(scores, labels);
  EXPECT_DOUBLE_EQ(tpr_at_fpr(curve, 0.0), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(tpr_at_fpr(curve, 0.3), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(tpr_at_fpr(curve, 0.34), 1.0);
  EXPECT_DOUBLE_EQ(tpr_at_fpr(curve, 1.0), 1.0);
}

TEST(EvaluateRoc, SummaryAgreesWithParts) {
  std::vector<double> scores;
  std::vector<uint8_t> labels;
  random_case(11, 150, scores, labels);
  const auto s = evaluate_roc(scores, labels, 0.05);
  EXPECT_EQ(s.auc, roc_auc(scores, labels));
  EXPECT_EQ(s.max_fpr, 0.05);
  EXPECT_EQ(s.tpr_at_max_fpr, tpr_at_fpr(s.curve, 0.05));
}

TEST(RocInputs, RejectsOneClassOnly) {
  const std::vector<double> scores = {1.0, 2.0};
  const std::vector<uint8_t> labels = {1, 1};
  EXPECT_THROW(roc_auc(scores, labels), InputError);
  EXPECT_THROW(roc_curve(scores, labels), InputError);
}

TEST(RocInputs, RejectsSizeMismatchAndNan) {
  const std::vector<double> scores = {1.0, std::numeric_limits<double>::quiet_NaN()};
  const std::vector<uint8_t> two = {1, 0};
  const std::vector<uint8_t> three = {1, 0, 1};
  EXPECT_THROW(roc_auc(scores, three), InputError);
  EXPECT_THROW(roc_auc(scores, two), InputError);
}

TEST(PairwiseMelodyScores, ScoresAllPairsInOrder) {
  std::vector<music::MelodyFeatures> f = {
      music::melody_features({.notes = {{.pitch = 60, .start_step = 0, .end_step = 4}}}),
      music::melody_features({.notes = {{.pitch = 64, .start_step = 0, .end_step = 2}}}),
      music::melody_features({.notes = {}}),
  };
  const std::vector<int> classes = {3, 3, 5};
  const auto p = pairwise_melody_scores(f, classes);
  EXPECT_EQ(p.labels, (std::vector<uint8_t>{1, 0, 0}));
  ASSERT_EQ(p.scores.size(), 3u);
  EXPECT_EQ(p.scores[0], -music::melody_distance(f[0], f[1], true, false));  // no penalty: L = 2 would add 5
  EXPECT_LT(p.scores[0], 0.0);
  EXPECT_GT(p.scores[0], -5.0);
  EXPECT_EQ(p.scores[1], -100.0);  // an empty melody is far
  EXPECT_EQ(p.scores[2], -100.0);
}

TEST(PairwiseMelodyScores, RejectsSizeMismatch) {
  std::vector<music::MelodyFeatures> f(2);
  const std::vector<int> classes = {1};
  EXPECT_THROW(pairwise_melody_scores(f, classes), InputError);
}

}  // namespace
}  // namespace vec2midi::eval
