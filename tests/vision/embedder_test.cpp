#include "vision/embedder.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "io/error.hpp"

namespace vec2midi::vision {
namespace {

TEST(Embedder, OutputsUnitLengthEmbeddingsOfTheConfiguredSize) {
  torch::manual_seed(0);
  EmbedderOptions options;
  options.embedding_size = 5;
  Embedder net(options);
  net->eval();
  const auto e = net->forward(torch::rand({3, 3, 128, 128}) * 2 - 1);
  EXPECT_EQ(e.sizes(), (std::vector<int64_t>{3, 5}));
  EXPECT_TRUE(torch::allclose(e.norm(2, 1), torch::ones({3}), 1e-5, 1e-5));
}

TEST(Embedder, UsesDepthwiseSeparableBlocks) {
  Embedder net(EmbedderOptions{});
  int depthwise = 0;
  for (const auto& p : net->named_parameters()) {
    if (p.key().find(".depthwise.weight") != std::string::npos) {
      ++depthwise;
      EXPECT_EQ(p.value().size(1), 1) << p.key();  // one input channel per group
    }
  }
  EXPECT_EQ(depthwise, 9);  // 6 + 1 middle + 2 final blocks
}

TEST(Embedder, WorksAtOtherInputSizes) {
  EmbedderOptions options;
  options.input_size = 64;
  Embedder net(options);
  net->eval();
  EXPECT_EQ(net->forward(torch::zeros({1, 3, 64, 64})).size(1), 9);
}

TEST(EmbedderOptions, JsonRoundTrip) {
  EmbedderOptions options;
  options.width_multiplier = 0.5;
  options.n_middle_blocks = 3;
  EXPECT_EQ(EmbedderOptions::from_json_string(options.to_json_string()), options);
}

TEST(EmbedderOptions, PoolingDefaultsToMeanForOlderFilesAndRefusesUnknownKinds) {
  EmbedderOptions o;
  o.pooling = "attention";
  EXPECT_EQ(EmbedderOptions::from_json_string(o.to_json_string()).pooling, "attention");
  auto j = nlohmann::json::parse(EmbedderOptions{}.to_json_string());
  j.erase("pooling");
  EXPECT_EQ(EmbedderOptions::from_json_string(j.dump()).pooling, "mean");
  j["pooling"] = "max";
  EXPECT_THROW(EmbedderOptions::from_json_string(j.dump()), InputError);
}

TEST(Embedder, AttentionPoolingAddsOneScorePerPositionAndStaysUnitLength) {
  EmbedderOptions o;
  o.pooling = "attention";
  Embedder net(o);
  net->eval();
  int64_t attention_parameters = 0;
  for (const auto& item : net->named_parameters()) {
    if (item.key().rfind("attention.", 0) == 0) attention_parameters += item.value().numel();
  }
  EXPECT_EQ(attention_parameters, separable_plan(o).back().out_channels + 1);  // a 1×1 conv to one score
  const auto e = net->forward(torch::rand({3, 3, 128, 128}) * 2 - 1);
  EXPECT_TRUE(torch::allclose(e.norm(2, 1), torch::ones({3}), 1e-5, 1e-5));
}

TEST(EmbedderOptions, MissingFieldIsAnInputError) {
  EXPECT_THROW(EmbedderOptions::from_json_string(R"({"input_size": 128})"), InputError);
}

TEST(EmbedderOptions, OutOfRangeValueIsAnInputError) {
  auto j = nlohmann::json::parse(EmbedderOptions{}.to_json_string());
  j["embedding_size"] = 0;
  EXPECT_THROW(EmbedderOptions::from_json_string(j.dump()), InputError);
}

EmbedderOptions mobilenet_v2(int64_t blocks) {
  EmbedderOptions o;
  o.backbone = "mobilenet_v2";
  o.v2_blocks = blocks;
  return o;
}

// The plan of Keras's MobileNetV2 at width 1 (Sandler et al. 2018, table 2): output channels and strides of its
// 17 bottlenecks, expansion 6 but the first.
TEST(EmbedderOptions, TheMobileNetV2PlanIsThePapersAndCanBeCut) {
  const std::vector<int64_t> channels = {16, 24, 24, 32, 32, 32, 64, 64, 64, 64, 96, 96, 96, 160, 160, 160, 320};
  const std::vector<int64_t> strided = {1, 3, 6, 13};  // the blocks that halve the side
  const auto plan = inverted_residual_plan(mobilenet_v2(17));
  ASSERT_EQ(plan.size(), 17u);
  EXPECT_EQ(plan[0].in_channels, 32);
  for (size_t i = 0; i < plan.size(); ++i) {
    EXPECT_EQ(plan[i].out_channels, channels[i]) << i;
    EXPECT_EQ(plan[i].stride, std::count(strided.begin(), strided.end(), int64_t(i)) ? 2 : 1) << i;
    EXPECT_EQ(plan[i].expansion, i == 0 ? 1 : 6) << i;
    if (i > 0) EXPECT_EQ(plan[i].in_channels, channels[i - 1]) << i;
  }
  EXPECT_EQ(inverted_residual_plan(mobilenet_v2(13)).size(), 13u);
  EXPECT_EQ(feature_channels(mobilenet_v2(13)), 96);
  EXPECT_EQ(feature_channels(mobilenet_v2(17)), 320);
  EXPECT_EQ(feature_channels(EmbedderOptions{}), separable_plan(EmbedderOptions{}).back().out_channels);
}

TEST(EmbedderOptions, TheBackboneRoundTripsAndOlderFilesAreOurMobileNet) {
  const EmbedderOptions v2 = mobilenet_v2(13);
  EXPECT_EQ(EmbedderOptions::from_json_string(v2.to_json_string()), v2);
  auto j = nlohmann::json::parse(EmbedderOptions{}.to_json_string());
  EXPECT_FALSE(j.contains("backbone"));  // our MobileNet's files keep the fields they always had
  EXPECT_EQ(EmbedderOptions::from_json_string(j.dump()).backbone, "mobilenet_v1");
  j["backbone"] = "resnet";
  EXPECT_THROW(EmbedderOptions::from_json_string(j.dump()), InputError);
  j["backbone"] = "mobilenet_v2";
  j["v2_blocks"] = 18;
  EXPECT_THROW(EmbedderOptions::from_json_string(j.dump()), InputError);
}

TEST(Embedder, TheMobileNetV2BackboneGivesUnitEmbeddingsFromItsLastKeptBlock) {
  torch::manual_seed(0);
  Embedder net(mobilenet_v2(13));
  net->eval();
  EXPECT_EQ(net->named_parameters()["head.weight"].sizes(), (std::vector<int64_t>{9, 96}));
  EXPECT_EQ(net->named_parameters()["stem.weight"].sizes(), (std::vector<int64_t>{32, 3, 3, 3}));
  const auto e = net->forward(torch::rand({2, 3, 128, 128}) * 2 - 1);
  EXPECT_EQ(e.sizes(), (std::vector<int64_t>{2, 9}));
  EXPECT_TRUE(torch::allclose(e.norm(2, 1), torch::ones({2}), 1e-5, 1e-5));
}

}  // namespace
}  // namespace vec2midi::vision
