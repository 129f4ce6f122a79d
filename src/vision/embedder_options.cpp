#include "vision/embedder_options.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include <nlohmann/json.hpp>

#include "io/error.hpp"

namespace vec2midi::vision {

std::string EmbedderOptions::to_json_string() const {
  nlohmann::json j{{"input_size", input_size},
                        {"embedding_size", embedding_size},
                        {"width_multiplier", width_multiplier},
                        {"n_middle_blocks", n_middle_blocks},
                        {"dropout", dropout},
                        {"pooling", pooling}};
  if (backbone != "mobilenet_v1") {  // files of our MobileNet keep the fields they always had
    j["backbone"] = backbone;
    j["v2_blocks"] = v2_blocks;
  }
  return j.dump();
}

EmbedderOptions EmbedderOptions::from_json_string(const std::string& text) {
  EmbedderOptions o;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw InputError("embedder options: not JSON: " + std::string(e.what()));
  }
  auto field = [&](const char* name, auto& value) {
    if (!j.contains(name)) throw InputError(std::string("embedder options: missing field '") + name + "'");
    try {
      j.at(name).get_to(value);
    } catch (const nlohmann::json::exception&) {
      throw InputError(std::string("embedder options: bad value for '") + name + "': " + j.at(name).dump());
    }
  };
  field("input_size", o.input_size);
  field("embedding_size", o.embedding_size);
  field("width_multiplier", o.width_multiplier);
  field("n_middle_blocks", o.n_middle_blocks);
  field("dropout", o.dropout);
  if (j.contains("pooling")) field("pooling", o.pooling);  // files written before the option: mean pooling
  if (j.contains("backbone")) field("backbone", o.backbone);  // files written before the option: mobilenet_v1
  if (j.contains("v2_blocks")) field("v2_blocks", o.v2_blocks);
  if (o.backbone != "mobilenet_v1" && o.backbone != "mobilenet_v2") {
    throw InputError("embedder options: backbone must be mobilenet_v1 or mobilenet_v2, got '" + o.backbone + "'");
  }
  if (o.v2_blocks < 1 || o.v2_blocks > 17) throw InputError("embedder options: v2_blocks out of range [1, 17]: " + std::to_string(o.v2_blocks));
  if (o.pooling != "mean" && o.pooling != "attention") {
    throw InputError("embedder options: pooling must be mean or attention, got '" + o.pooling + "'");
  }
  if (o.input_size < 32 || o.input_size > 1024) throw InputError("embedder options: input_size out of range: " + std::to_string(o.input_size));
  if (o.embedding_size < 2 || o.embedding_size > 1024) throw InputError("embedder options: embedding_size out of range: " + std::to_string(o.embedding_size));
  if (!(o.width_multiplier > 0 && o.width_multiplier <= 4)) throw InputError("embedder options: width_multiplier out of range: " + std::to_string(o.width_multiplier));
  if (o.n_middle_blocks < 0 || o.n_middle_blocks > 16) throw InputError("embedder options: n_middle_blocks out of range: " + std::to_string(o.n_middle_blocks));
  return o;
}

namespace {

int64_t channels(double alpha, int64_t base) { return std::max<int64_t>(8, int64_t(std::lround(alpha * double(base)))); }

}  // namespace

int64_t stem_channels(const EmbedderOptions& options) {
  return options.backbone == "mobilenet_v2" ? 32 : channels(options.width_multiplier, 32);
}

std::vector<InvertedResidualStage> inverted_residual_plan(const EmbedderOptions& options) {
  // Keras MobileNetV2 (alpha 1): (expansion, output channels, repeats, first stride) per stage.
  const std::vector<std::array<int64_t, 4>> stages = {{1, 16, 1, 1},  {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                                                      {6, 96, 3, 1},  {6, 160, 3, 2}, {6, 320, 1, 1}};
  std::vector<InvertedResidualStage> plan;
  int64_t in = stem_channels(options);
  for (const auto& [t, c, n, s] : stages) {
    for (int64_t i = 0; i < n && int64_t(plan.size()) < options.v2_blocks; ++i) {
      plan.push_back({.in_channels = in, .out_channels = c, .stride = i == 0 ? s : 1, .expansion = t});
      in = c;
    }
  }
  return plan;
}

int64_t feature_channels(const EmbedderOptions& options) {
  if (options.backbone == "mobilenet_v2") return inverted_residual_plan(options).back().out_channels;
  return separable_plan(options).back().out_channels;
}

std::vector<SeparableStage> separable_plan(const EmbedderOptions& options) {
  // MobileNet v1's plan (output channels, stride), with the five 512-channel blocks made configurable.
  std::vector<std::pair<int64_t, int64_t>> plan = {{64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2}};
  for (int64_t i = 0; i < options.n_middle_blocks; ++i) plan.emplace_back(512, 1);
  plan.emplace_back(1024, 2);
  plan.emplace_back(1024, 1);
  std::vector<SeparableStage> stages;
  int64_t in = stem_channels(options);
  for (const auto& [out, stride] : plan) {
    const int64_t out_channels = channels(options.width_multiplier, out);
    stages.push_back({.in_channels = in, .out_channels = out_channels, .stride = stride});
    in = out_channels;
  }
  return stages;
}

}  // namespace vec2midi::vision
