#include "vision/triplet_loss.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace vec2midi::vision {
namespace {

torch::Tensor labels_of(std::vector<int64_t> l) { return torch::tensor(l, torch::kInt64); }

TEST(TripletLoss, PairwiseDistancesAreEuclidean) {
  const auto e = torch::tensor({0.0f, 0.0f, 3.0f, 4.0f, 1.0f, 1.0f}).reshape({3, 2});
  const auto d = pairwise_distances(e);
  EXPECT_NEAR(d[0][1].item<float>(), 5.0f, 1e-5);
  EXPECT_NEAR(d[1][2].item<float>(), std::sqrt(13.0f), 1e-5);
  EXPECT_EQ(d[2][2].item<float>(), 0.0f);
  EXPECT_TRUE(torch::allclose(d, d.t()));
}

TEST(TripletLoss, GradientIsFiniteForIdenticalEmbeddings) {
  auto e = torch::ones({4, 3}).requires_grad_(true);
  const auto loss = triplet_loss(e, labels_of({0, 0, 1, 1}), {TripletMining::kBatchHard, 0.5});
  loss.backward();
  EXPECT_TRUE(torch::isfinite(e.grad()).all().item<bool>());
}

TEST(TripletLoss, ZeroWhenClassesAreFartherApartThanTheMargin) {
  // Two tight classes 3 apart on a line; margin 1.
  const auto e = torch::tensor({0.0f, 0.1f, 3.0f, 3.1f}).reshape({4, 1});
  for (auto mining : {TripletMining::kSemiHard, TripletMining::kBatchHard}) {
    EXPECT_NEAR(triplet_loss(e, labels_of({0, 0, 1, 1}), {mining, 1.0}).item<float>(), 0.0f, 1e-6);
  }
}

TEST(TripletLoss, BatchHardUsesFarthestPositiveAndClosestNegative) {
  // 1-D points: class 0 at 0, 1, 2; class 1 at 2.5, 10.
  const auto e = torch::tensor({0.0f, 1.0f, 2.0f, 2.5f, 10.0f}).reshape({5, 1});
  const auto loss = triplet_loss(e, labels_of({0, 0, 0, 1, 1}), {TripletMining::kBatchHard, 1.0});
  // anchor 0: hp 2, hn 2.5 -> 0.5; anchor 1: hp 1, hn 1.5 -> 0.5; anchor 2: hp 2, hn 0.5 -> 2.5;
  // anchor 2.5: hp 7.5, hn 0.5 -> 8; anchor 10: hp 7.5, hn 8 -> 0.5. Mean 12 / 5.
  EXPECT_NEAR(loss.item<float>(), 12.0f / 5.0f, 1e-5);
}

TEST(TripletLoss, SemiHardPicksTheClosestNegativeBeyondThePositive) {
  // Anchor 0 (class 0) and positive at 1; negatives at 0.5 (closer: not semi-hard) and 1.5
  // (semi-hard, chosen) -> max(1 - 1.5 + 1, 0) = 0.5 for the pair (0, 1).
  const auto e = torch::tensor({0.0f, 1.0f, 0.5f, 1.5f}).reshape({4, 1});
  const auto labels = labels_of({0, 0, 1, 1});
  // All pairs: (a=0,p=1): d_ap 1, negatives {0.5, 1.5} -> semi 1.5 -> 0.5.
  // (a=1,p=0): d_ap 1, negatives d {0.5, 0.5} none > 1 -> farthest 0.5 -> 1.5.
  // (a=0.5,p=1.5): d_ap 1, negatives d {0.5, 0.5} -> farthest 0.5 -> 1.5.
  // (a=1.5,p=0.5): d_ap 1, negatives d {1.5, 0.5} -> semi 1.5 -> 0.5. Mean 4 / 4 = 1.
  EXPECT_NEAR(triplet_loss(e, labels, {TripletMining::kSemiHard, 1.0}).item<float>(), 1.0f, 1e-5);
}

TEST(TripletLoss, BatchWithoutNegativesGivesZero) {
  const auto e = torch::randn({3, 2});
  EXPECT_EQ(triplet_loss(e, labels_of({2, 2, 2})).item<float>(), 0.0f);
}

TEST(TripletLoss, MinimisingSeparatesClasses) {
  torch::manual_seed(0);
  for (auto mining : {TripletMining::kSemiHard, TripletMining::kBatchHard}) {
    auto e = torch::randn({12, 3}).requires_grad_(true);
    const auto labels = labels_of({0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2});
    torch::optim::SGD sgd({e}, 0.1);
    const float before = triplet_loss(e, labels, {mining, 0.5}).item<float>();
    for (int i = 0; i < 300; ++i) {
      sgd.zero_grad();
      triplet_loss(e, labels, {mining, 0.5}).backward();
      sgd.step();
    }
    EXPECT_LT(triplet_loss(e, labels, {mining, 0.5}).item<float>(), before * 0.1) << mining_name(mining);
  }
}

TEST(PrototypeLoss, MatchesAHandComputedBatch) {
  // 1-d: class 0 at 0 and 2, class 1 at 10 and 12, scale 0.01. Item 0: own prototype (without itself) 2,
  // d² 4; other mean 11, d² 121 -> -log softmax = log(1 + exp(-(1.21 - 0.04))) = 0.270307; item 1: own 0,
  // d² 4, other 81 -> log(1 + exp(-0.77)) = 0.380498; items 2 and 3 mirror them. Mean 0.325403.
  const auto e = torch::tensor({{0.0}, {2.0}, {10.0}, {12.0}}, torch::kFloat64);
  const auto labels = torch::tensor({0, 0, 1, 1}, torch::kInt64);
  EXPECT_NEAR(prototype_loss(e, labels, 0.01).item<double>(), 0.325403, 1e-6);
}

TEST(PrototypeLoss, GradientMatchesFiniteDifferences) {
  torch::manual_seed(3);
  const auto e = torch::randn({12, 3}, torch::kFloat64).requires_grad_(true);
  const auto labels = torch::tensor({0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2}, torch::kInt64);
  prototype_loss(e, labels, 2.0).backward();
  const auto analytic = e.grad().clone();
  const double h = 1e-6;
  for (int64_t i = 0; i < 12; ++i) {
    for (int64_t k = 0; k < 3; ++k) {
      auto plus = e.detach().clone(), minus = e.detach().clone();
      plus[i][k] += h;
      minus[i][k] -= h;
      const double numeric = (prototype_loss(plus, labels, 2.0).item<double>() - prototype_loss(minus, labels, 2.0).item<double>()) / (2 * h);
      EXPECT_NEAR(analytic[i][k].item<double>(), numeric, 1e-6) << i << "," << k;
    }
  }
}

TEST(PrototypeLoss, SingletonClassesAreSkippedAndOneClassGivesZero) {
  const auto e = torch::tensor({{0.0}, {1.0}, {5.0}}, torch::kFloat64);
  // Item 2 is alone in its class and is skipped; items 0 and 1 still count (class 1 stays a candidate).
  EXPECT_GT(prototype_loss(e, torch::tensor({0, 0, 1}, torch::kInt64), 1.0).item<double>(), 0.0);
  EXPECT_EQ(prototype_loss(e, torch::tensor({0, 0, 0}, torch::kInt64), 1.0).item<double>(), 0.0);
}

TEST(TripletLoss, MiningNamesRoundTrip) {
  EXPECT_EQ(parse_mining(mining_name(TripletMining::kBatchHard)), TripletMining::kBatchHard);
  EXPECT_EQ(parse_mining("semi-hard"), TripletMining::kSemiHard);
  EXPECT_THROW(parse_mining("hardest"), InputError);
}

}  // namespace
}  // namespace vec2midi::vision
