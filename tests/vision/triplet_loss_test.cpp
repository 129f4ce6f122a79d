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

TEST(TripletLoss, MiningNamesRoundTrip) {
  EXPECT_EQ(parse_mining(mining_name(TripletMining::kBatchHard)), TripletMining::kBatchHard);
  EXPECT_EQ(parse_mining("semi-hard"), TripletMining::kSemiHard);
  EXPECT_THROW(parse_mining("hardest"), InputError);
}

}  // namespace
}  // namespace vec2midi::vision
