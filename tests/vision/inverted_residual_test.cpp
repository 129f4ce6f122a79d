#include "vision/inverted_residual.hpp"

#include <gtest/gtest.h>

namespace vec2midi::vision {
namespace {

TEST(KerasStride2Pad, PadsEvenSidesAtTheBottomAndRightOnlyAndOddSidesAllRound) {
  const auto even = keras_stride2_pad(torch::ones({1, 1, 4, 6}));
  EXPECT_EQ(even.sizes(), (std::vector<int64_t>{1, 1, 5, 7}));
  EXPECT_EQ(even[0][0][0][0].item<float>(), 1.0f);  // the first row and column are the picture's
  EXPECT_EQ(even[0][0][4].sum().item<float>(), 0.0f);  // the added last row
  EXPECT_EQ(even[0][0].select(1, 6).sum().item<float>(), 0.0f);  // the added last column
  const auto odd = keras_stride2_pad(torch::ones({1, 1, 5, 5}));
  EXPECT_EQ(odd.sizes(), (std::vector<int64_t>{1, 1, 7, 7}));
  EXPECT_EQ(odd[0][0][0].sum().item<float>(), 0.0f);  // a row added at the top too
  EXPECT_EQ(odd[0][0][1][1].item<float>(), 1.0f);
}

TEST(InvertedResidual, HalvesTheSideAtStrideTwoAsKerasDoes) {
  InvertedResidual block(InvertedResidualStage{.in_channels = 16, .out_channels = 24, .stride = 2, .expansion = 6});
  block->eval();
  EXPECT_EQ(block->forward(torch::rand({2, 16, 64, 64})).sizes(), (std::vector<int64_t>{2, 24, 32, 32}));
  EXPECT_EQ(block->forward(torch::rand({1, 16, 7, 7})).sizes(), (std::vector<int64_t>{1, 24, 4, 4}));
}

TEST(InvertedResidual, HasNoExpansionLayerAtExpansionOne) {
  InvertedResidual first(InvertedResidualStage{.in_channels = 32, .out_channels = 16, .stride = 1, .expansion = 1});
  InvertedResidual other(InvertedResidualStage{.in_channels = 24, .out_channels = 24, .stride = 1, .expansion = 6});
  EXPECT_FALSE(first->named_parameters().contains("expand.weight"));
  EXPECT_EQ(other->named_parameters()["expand.weight"].sizes(), (std::vector<int64_t>{144, 24, 1, 1}));
  EXPECT_EQ(other->named_parameters()["depthwise.weight"].sizes(), (std::vector<int64_t>{144, 1, 3, 3}));
}

// With the projection zeroed and its BatchNorm's shift set to b, a block outputs b, plus its input when it is residual.
TEST(InvertedResidual, AddsItsInputBackOnlyWhenStrideAndChannelsAllowIt) {
  torch::NoGradGuard no_grad;
  const auto x = torch::rand({1, 24, 8, 8});
  for (const auto& [stage, residual] : {std::pair{InvertedResidualStage{24, 24, 1, 6}, true},
                                        std::pair{InvertedResidualStage{24, 32, 1, 6}, false},
                                        std::pair{InvertedResidualStage{24, 24, 2, 6}, false}}) {
    EXPECT_EQ(stage.residual(), residual);
    InvertedResidual block(stage);
    block->eval();
    auto params = block->named_parameters();
    params["project.weight"].zero_();
    params["bn_project.bias"].fill_(0.5);
    const auto y = block->forward(x);
    const auto expected = residual ? x + 0.5 : torch::full(y.sizes(), 0.5);
    EXPECT_TRUE(torch::allclose(y, expected, 1e-6, 1e-6)) << stage.in_channels << "->" << stage.out_channels << " stride " << stage.stride;
  }
}

}  // namespace
}  // namespace vec2midi::vision
