#include "vision/pretrained_backbone.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/atomic_file.hpp"
#include "support/input_error.hpp"
#include "support/shared_data.hpp"
#include "keras_fixture.hpp"

namespace vec2midi::vision {
namespace {
namespace fs = std::filesystem;
using vec2midi::testing::input_error_of;
using fixtures::keras_two_blocks;
using fixtures::keras_value;
using fixtures::KerasWeight;
using fixtures::tfjs_folder;

EmbedderOptions two_block_v2() {
  EmbedderOptions o;
  o.backbone = "mobilenet_v2";
  o.v2_blocks = 2;
  return o;
}

size_t index_of(const std::vector<KerasWeight>& weights, const std::string& name) {
  for (size_t k = 0; k < weights.size(); ++k)
    if (weights[k].name == name) return k;
  throw std::logic_error("no " + name);
}

TEST(PretrainedBackbone, CopiesKerasKernelsIntoTorchLayoutsAndBatchNormStatistics) {
  const auto weights = keras_two_blocks();
  Embedder net(two_block_v2());
  EXPECT_EQ(load_keras_mobilenet_v2(net, tfjs_folder("keras_v2", weights)), int64_t(weights.size()));
  auto ours = net->named_parameters();
  // Conv1/kernel [kh, kw, in, out] -> stem.weight [out, in, kh, kw]: element (o=5, i=2, kh=1, kw=2).
  EXPECT_FLOAT_EQ(ours["stem.weight"][5][2][1][2].item<float>(),
                  keras_value(index_of(weights, "Conv1/kernel"), ((1 * 3 + 2) * 3 + 2) * 32 + 5));
  // A depthwise kernel [kh, kw, C, 1] -> [C, 1, kh, kw]: element (c=40, kh=2, kw=0).
  EXPECT_FLOAT_EQ(ours["blocks.1.depthwise.weight"][40][0][2][0].item<float>(),
                  keras_value(index_of(weights, "block_1_depthwise/depthwise_kernel"), (2 * 3 + 0) * 96 + 40));
  // A 1x1 kernel [1, 1, in, out] -> [out, in, 1, 1]: element (o=7, i=50).
  EXPECT_FLOAT_EQ(ours["blocks.1.project.weight"][7][50][0][0].item<float>(),
                  keras_value(index_of(weights, "block_1_project/kernel"), 50 * 24 + 7));
  EXPECT_FLOAT_EQ(ours["blocks.0.bn_project.bias"][3].item<float>(), keras_value(index_of(weights, "expanded_conv_project_BN/beta"), 3));
  auto buffers = net->named_buffers();
  EXPECT_FLOAT_EQ(buffers["stem_bn.running_var"][31].item<float>(), keras_value(index_of(weights, "bn_Conv1/moving_variance"), 31));
  EXPECT_FLOAT_EQ(buffers["blocks.1.bn_expand.running_mean"][0].item<float>(),
                  keras_value(index_of(weights, "block_1_expand_BN/moving_mean"), 0));
}

TEST(PretrainedBackbone, AMissingVariableIsNamed) {
  Embedder net(two_block_v2());
  const auto dir = tfjs_folder("keras_v2_missing", keras_two_blocks(), "block_1_project/kernel");
  const std::string err = input_error_of([&] { load_keras_mobilenet_v2(net, dir); });
  EXPECT_NE(err.find("block_1_project/kernel"), std::string::npos) << err;
}

TEST(PretrainedBackbone, AShapeThatDoesNotFitIsNamed) {
  auto weights = keras_two_blocks();
  weights[index_of(weights, "block_1_expand/kernel")].shape = {1, 1, 16, 144};  // a wider network's block
  Embedder net(two_block_v2());
  const std::string err = input_error_of([&] { load_keras_mobilenet_v2(net, tfjs_folder("keras_v2_shape", weights)); });
  EXPECT_NE(err.find("block_1_expand/kernel"), std::string::npos) << err;
  EXPECT_NE(err.find("blocks.1.expand.weight"), std::string::npos) << err;
}

TEST(PretrainedBackbone, RefusesOurOwnMobileNet) {
  Embedder net(EmbedderOptions{});
  const std::string err = input_error_of([&] { load_keras_mobilenet_v2(net, tfjs_folder("keras_v2_v1", keras_two_blocks())); });
  EXPECT_NE(err.find("mobilenet_v2"), std::string::npos) << err;
}

}  // namespace
}  // namespace vec2midi::vision
