#include "vision/colour_metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace vec2midi::vision {
namespace {

TEST(ColourMetrics, PairwiseAucCountsTiedDistancesAsOneHalf) {
  // All four points coincide: every pair has the same score.
  EXPECT_DOUBLE_EQ(pairwise_same_class_auc(torch::zeros({4, 2}), torch::tensor({0, 0, 1, 1}, torch::kInt64)), 0.5);
}

TEST(ColourMetrics, PairwiseAucWithoutDifferentClassPairsIsNaN) {
  EXPECT_TRUE(std::isnan(pairwise_same_class_auc(torch::randn({3, 2}), torch::tensor({1, 1, 1}, torch::kInt64))));
}

TEST(ColourMetrics, PairwiseAucOfAHandExample) {
  // 1-D points 0, 1, 3 with classes a, a, b: pairs (0,1) same d2 1, (0,3) diff d2 9, (1,3) diff d2 4.
  // The same-class pair scores above both different-class pairs -> AUC 1; swap the classes of 1 and 3:
  // pairs (0,1) diff d2 1, (0,3) same d2 9, (1,3) diff d2 4 -> the same pair is below both -> AUC 0.
  const auto points = torch::tensor({0.0f, 1.0f, 3.0f}).reshape({3, 1});
  EXPECT_DOUBLE_EQ(pairwise_same_class_auc(points, torch::tensor({0, 0, 1}, torch::kInt64)), 1.0);
  EXPECT_DOUBLE_EQ(pairwise_same_class_auc(points, torch::tensor({0, 1, 0}, torch::kInt64)), 0.0);
}

TEST(ColourMetrics, PairwiseAucIsOneForSeparatedClusters) {
  const auto points = torch::tensor({0.0f, 0.1f, 5.0f, 5.2f}).reshape({4, 1});
  EXPECT_DOUBLE_EQ(pairwise_same_class_auc(points, torch::tensor({0, 0, 1, 1}, torch::kInt64)), 1.0);
}

TEST(ColourMetrics, AccuracyRecallAndConfusion) {
  const auto labels = torch::tensor({0, 0, 1, 1, 1}, torch::kInt64);
  const auto predicted = torch::tensor({0, 1, 1, 1, 0}, torch::kInt64);
  const auto m = colour_metrics(torch::zeros({5, 2}), labels, predicted, 3);
  EXPECT_DOUBLE_EQ(m.accuracy, 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(m.recall[0], 0.5);
  EXPECT_DOUBLE_EQ(m.recall[1], 2.0 / 3.0);
  EXPECT_TRUE(std::isnan(m.recall[2]));
  EXPECT_EQ(m.confusion[1][0], 1);
  EXPECT_EQ(m.confusion[0][1], 1);
  EXPECT_EQ(m.confusion[1][1], 2);
}

TEST(ColourMetrics, JsonNamesClassesAndWritesNaNAsNull) {
  const auto m = colour_metrics(torch::zeros({2, 1}), torch::tensor({0, 6}, torch::kInt64), torch::tensor({0, 6}, torch::kInt64), 9);
  const auto j = to_json(m);
  EXPECT_EQ(j["per_class"]["red"], 1.0);
  EXPECT_TRUE(j["per_class"]["blue"].is_null());
  EXPECT_EQ(j["confusion"].size(), 9u);
}

}  // namespace
}  // namespace vec2midi::vision
