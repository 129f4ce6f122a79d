#include "vision/colour_metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "io/error.hpp"

namespace vec2midi::vision {
namespace {

/// n one-dimensional points.
RowMatrix line(std::initializer_list<float> values) {
  RowMatrix points(Eigen::Index(values.size()), 1);
  Eigen::Index i = 0;
  for (float v : values) points(i++, 0) = v;
  return points;
}

TEST(ColourMetrics, PairwiseAucCountsTiedDistancesAsOneHalf) {
  // All four points coincide: every pair has the same score.
  EXPECT_DOUBLE_EQ(pairwise_same_class_auc(RowMatrix::Zero(4, 2), std::vector<int>{0, 0, 1, 1}), 0.5);
}

TEST(ColourMetrics, PairwiseAucWithoutDifferentClassPairsIsNaN) {
  EXPECT_TRUE(std::isnan(pairwise_same_class_auc(RowMatrix::Random(3, 2), std::vector<int>{1, 1, 1})));
}

TEST(ColourMetrics, PairwiseAucOfAHandExample) {
  // 1-D points 0, 1, 3 with classes a, a, b: pairs (0,1) same d2 1, (0,3) diff d2 9, (1,3) diff d2 4.
  // The same-class pair scores above both different-class pairs -> AUC 1; swap the classes of 1 and 3:
  // pairs (0,1) diff d2 1, (0,3) same d2 9, (1,3) diff d2 4 -> the same pair is below both -> AUC 0.
  const RowMatrix points = line({0.0f, 1.0f, 3.0f});
  EXPECT_DOUBLE_EQ(pairwise_same_class_auc(points, std::vector<int>{0, 0, 1}), 1.0);
  EXPECT_DOUBLE_EQ(pairwise_same_class_auc(points, std::vector<int>{0, 1, 0}), 0.0);
}

TEST(ColourMetrics, PairwiseAucCountsOrderedPairsOfPairs) {
  // Points 0, 1, 2, 4 with classes a, b, a, b. Same-class pairs: (0,2) d2 4, (1,4) d2 9. Different-class pairs:
  // (0,1) 1, (0,4) 16, (1,2) 1, (2,4) 4. A same pair wins against a different pair with a larger d2, ties count
  // one half: (0,2) beats 16, ties 4, loses to 1 and 1 -> 1.5; (1,4) beats 16 -> 1. AUC = 2.5 / 8.
  EXPECT_DOUBLE_EQ(pairwise_same_class_auc(line({0.0f, 1.0f, 2.0f, 4.0f}), std::vector<int>{0, 1, 0, 1}), 2.5 / 8.0);
}

TEST(ColourMetrics, PairwiseAucIsOneForSeparatedClusters) {
  EXPECT_DOUBLE_EQ(pairwise_same_class_auc(line({0.0f, 0.1f, 5.0f, 5.2f}), std::vector<int>{0, 0, 1, 1}), 1.0);
}

TEST(ColourMetrics, PairwiseAucUsesEveryDimension) {
  // Same-class pairs differ only along the second dimension, by 1; different-class pairs by 2 along the first.
  RowMatrix points(4, 2);
  points << 0, 0, 0, 1, 2, 0, 2, 1;
  EXPECT_DOUBLE_EQ(pairwise_same_class_auc(points, std::vector<int>{0, 0, 1, 1}), 1.0);
}

TEST(ColourMetrics, AccuracyRecallAndConfusion) {
  const std::vector<int> labels = {0, 0, 1, 1, 1}, predicted = {0, 1, 1, 1, 0};
  const auto m = colour_metrics(RowMatrix::Zero(5, 2), labels, predicted, 3);
  EXPECT_EQ(m.n_images, 5);
  EXPECT_DOUBLE_EQ(m.accuracy, 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(m.recall[0], 0.5);
  EXPECT_DOUBLE_EQ(m.recall[1], 2.0 / 3.0);
  EXPECT_TRUE(std::isnan(m.recall[2]));
  EXPECT_EQ(m.confusion[1][0], 1);
  EXPECT_EQ(m.confusion[0][1], 1);
  EXPECT_EQ(m.confusion[1][1], 2);
  EXPECT_EQ(m.confusion[0][0], 1);
}

TEST(ColourMetrics, JsonNamesClassesAndWritesNaNAsNull) {
  const std::vector<int> classes = {0, 6};
  const auto j = to_json(colour_metrics(RowMatrix::Zero(2, 1), classes, classes, 9));
  EXPECT_EQ(j["per_class"]["red"], 1.0);
  EXPECT_TRUE(j["per_class"]["blue"].is_null());
  EXPECT_EQ(j["confusion"].size(), 9u);
}

TEST(ColourMetrics, RefusesMismatchedSizesAndClassesOutOfRange) {
  EXPECT_THROW(colour_metrics(RowMatrix::Zero(2, 1), std::vector<int>{0, 1}, std::vector<int>{0}, 2), Error);
  EXPECT_THROW(colour_metrics(RowMatrix::Zero(2, 1), std::vector<int>{0, 2}, std::vector<int>{0, 1}, 2), Error);
  EXPECT_THROW(pairwise_same_class_auc(RowMatrix::Zero(3, 1), std::vector<int>{0, 1}), Error);
}

}  // namespace
}  // namespace vec2midi::vision
