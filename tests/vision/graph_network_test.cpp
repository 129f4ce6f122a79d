// The graph network's layers checked against values worked out by hand, its validation, and the model
// file round trip.
#include <gtest/gtest.h>

#include <cmath>

#include "io/error.hpp"
#include "vision/graph_network.hpp"

namespace vec2midi::vision {
namespace {

/// A 4 x 4 picture whose red channel is 0..15 row-major and whose green and blue are 0.
cv::Mat ramp4() {
  cv::Mat rgb(4, 4, CV_8UC3, cv::Scalar(0, 0, 0));
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) rgb.at<cv::Vec3b>(y, x)[0] = uint8_t(y * 4 + x);
  return rgb;
}

GraphNetwork red_sum_net(bool same, int64_t stride) {
  // One 3x3 convolution that sums the red channel of its window, bias 0.5.
  GraphLayer conv{.op = LayerOp::Conv2d, .inputs = {0}, .stride_h = stride, .stride_w = stride, .same_padding = same};
  conv.weight_shape = {1, 3, 3, 3};
  conv.weight.assign(27, 0.0f);
  for (int k = 0; k < 9; ++k) conv.weight[size_t(k * 3)] = 1.0f;
  conv.bias = {0.5f};
  return GraphNetwork{.input_size = 4, .layers = {conv}};
}

TEST(GraphNetwork, ValidConvolutionSumsEachWindow) {
  const auto out = red_sum_net(false, 1).forward(ramp4());
  // Windows at (0,0), (0,1), (1,0), (1,1): sums of 3x3 blocks of the ramp, + 0.5.
  ASSERT_EQ(out.size(), 4u);
  EXPECT_FLOAT_EQ(out[0], 0 + 1 + 2 + 4 + 5 + 6 + 8 + 9 + 10 + 0.5f);
  EXPECT_FLOAT_EQ(out[3], 5 + 6 + 7 + 9 + 10 + 11 + 13 + 14 + 15 + 0.5f);
}

TEST(GraphNetwork, SameStrideTwoPadsLikeTensorFlow) {
  // in 4, stride 2 -> out 2; total padding (2 - 1)·2 + 3 - 4 = 1: none at the top/left, one at the bottom/right.
  const auto out = red_sum_net(true, 2).forward(ramp4());
  ASSERT_EQ(out.size(), 4u);
  EXPECT_FLOAT_EQ(out[0], 0 + 1 + 2 + 4 + 5 + 6 + 8 + 9 + 10 + 0.5f);
  EXPECT_FLOAT_EQ(out[3], 10 + 11 + 14 + 15 + 0.5f);
}

TEST(GraphNetwork, PadDepthwiseAddMaxDenseAndNormalise) {
  GraphNetwork g{.input_size = 4, .input_scale = 0.5f, .input_offset = -1.0f};
  g.layers.push_back({.op = LayerOp::Pad, .inputs = {0}, .padding = {1, 0, 0, 1}});  // value 1: 5 x 5
  GraphLayer dw{.op = LayerOp::DepthwiseConv2d, .inputs = {1}, .stride_h = 1, .stride_w = 1, .same_padding = false,
                .activation = Activation::Relu6};
  dw.weight_shape = {2, 2, 3};
  dw.weight.assign(12, 0.25f);  // 2x2 mean per channel
  dw.bias = {0.0f, 1.0f, 2.0f};
  g.layers.push_back(dw);                                                   // value 2: 4 x 4 x 3
  g.layers.push_back({.op = LayerOp::Add, .inputs = {0, 2}});              // value 3
  g.layers.push_back({.op = LayerOp::GlobalMaxPool, .inputs = {3}});       // value 4: [3]
  GraphLayer dense{.op = LayerOp::Dense, .inputs = {4}};
  dense.weight_shape = {2, 3};
  dense.weight = {1, 0, 0, 0, 1, 1};
  dense.bias = {0.0f, 0.0f};
  g.layers.push_back(dense);                                               // value 5: [2]
  g.layers.push_back({.op = LayerOp::L2Normalize, .inputs = {5}});
  EXPECT_EQ(validate_graph(g, "test"), 2);
  const auto out = g.forward(ramp4());
  // Scaled input: red = v/2 - 1 (-1 .. 6.5), green = blue = -1; the padding adds zeros above and on the right.
  // Output (y, x) = input + ReLU6(mean of padded rows y..y+1, columns x..x+1 + bias); its maxima:
  // red at (3, 2): 6 + (4 + 4.5 + 6 + 6.5) / 4 = 11.25; green at (0, 3), one of four window values -1:
  // -1 + (-0.25 + 1) = -0.25; blue there: -1 + (-0.25 + 2) = 0.75. Dense: (11.25, -0.25 + 0.75).
  const double norm = std::sqrt(11.25 * 11.25 + 0.5 * 0.5);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_NEAR(out[0], 11.25 / norm, 1e-6);
  EXPECT_NEAR(out[1], 0.5 / norm, 1e-6);
}

TEST(GraphNetwork, ValidationNamesTheBrokenLayer) {
  GraphNetwork g = red_sum_net(false, 1);
  g.layers[0].weight.pop_back();
  try {
    validate_graph(g, "net.safetensors");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("net.safetensors: graph layer 0 (conv2d): weights do not fit"), std::string::npos) << e.what();
  }
  GraphNetwork later{.input_size = 4, .layers = {{.op = LayerOp::Add, .inputs = {0, 2}}}};
  EXPECT_THROW(validate_graph(later, "x"), InputError);
}

TEST(GraphNetwork, ForwardRefusesAPictureOfAnotherSize) {
  EXPECT_THROW(red_sum_net(false, 1).forward(cv::Mat(5, 5, CV_8UC3)), InputError);
}

TEST(GraphNetwork, StoreAndReadGiveTheSameNetwork) {
  const GraphNetwork g = red_sum_net(true, 2);
  io::Safetensors st;
  store_graph(g, st);
  const GraphNetwork back = read_graph(io::parse_safetensors(io::serialize_safetensors(st), "mem"), "mem");
  EXPECT_EQ(back.forward(ramp4()), g.forward(ramp4()));
  EXPECT_EQ(back.layers[0].same_padding, true);
  EXPECT_EQ(back.layers[0].stride_h, 2);
}

TEST(GraphNetwork, ReadRefusesAMalformedGraph) {
  io::Safetensors st;
  store_graph(red_sum_net(false, 1), st);
  st.metadata["graph"] = "{\"input_size\": 4}";
  EXPECT_THROW(read_graph(st, "x"), InputError);
  st.metadata.erase("graph");
  EXPECT_THROW(read_graph(st, "x"), InputError);
}

}  // namespace
}  // namespace vec2midi::vision
