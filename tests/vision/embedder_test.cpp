#include "vision/embedder.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace vec2midi::vision
