#include "vision/embedder.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "io/error.hpp"

namespace vec2midi::vision {

namespace F = torch::nn::functional;

std::string EmbedderOptions::to_json_string() const {
  return nlohmann::json{{"input_size", input_size},
                        {"embedding_size", embedding_size},
                        {"width_multiplier", width_multiplier},
                        {"n_middle_blocks", n_middle_blocks},
                        {"dropout", dropout}}
      .dump();
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
  if (o.input_size < 32 || o.input_size > 1024) throw InputError("embedder options: input_size out of range: " + std::to_string(o.input_size));
  if (o.embedding_size < 2 || o.embedding_size > 1024) throw InputError("embedder options: embedding_size out of range: " + std::to_string(o.embedding_size));
  if (!(o.width_multiplier > 0 && o.width_multiplier <= 4)) throw InputError("embedder options: width_multiplier out of range: " + std::to_string(o.width_multiplier));
  if (o.n_middle_blocks < 0 || o.n_middle_blocks > 16) throw InputError("embedder options: n_middle_blocks out of range: " + std::to_string(o.n_middle_blocks));
  return o;
}

SeparableBlockImpl::SeparableBlockImpl(int64_t in_channels, int64_t out_channels, int64_t stride) {
  using torch::nn::Conv2dOptions;
  depthwise_ = register_module(
      "depthwise", torch::nn::Conv2d(Conv2dOptions(in_channels, in_channels, 3).stride(stride).padding(1).groups(in_channels).bias(false)));
  bn_depthwise_ = register_module("bn_depthwise", torch::nn::BatchNorm2d(in_channels));
  pointwise_ = register_module("pointwise", torch::nn::Conv2d(Conv2dOptions(in_channels, out_channels, 1).bias(false)));
  bn_pointwise_ = register_module("bn_pointwise", torch::nn::BatchNorm2d(out_channels));
}

torch::Tensor SeparableBlockImpl::forward(const torch::Tensor& x) {
  // [N, in, H, W] -> [N, in, H/s, W/s] -> [N, out, H/s, W/s]
  auto h = torch::clamp(bn_depthwise_(depthwise_(x)), 0.0, 6.0);
  return torch::clamp(bn_pointwise_(pointwise_(h)), 0.0, 6.0);
}

namespace {

int64_t channels(double alpha, int64_t base) { return std::max<int64_t>(8, int64_t(std::lround(alpha * double(base)))); }

}  // namespace

EmbedderImpl::EmbedderImpl(const EmbedderOptions& options) : options_(options) {
  using torch::nn::Conv2dOptions;
  const double a = options.width_multiplier;
  stem_ = register_module("stem", torch::nn::Conv2d(Conv2dOptions(3, channels(a, 32), 3).stride(2).padding(1).bias(false)));
  stem_bn_ = register_module("stem_bn", torch::nn::BatchNorm2d(channels(a, 32)));
  // MobileNet v1's plan (output channels, stride), with the five 512-channel blocks made configurable.
  std::vector<std::pair<int64_t, int64_t>> plan = {{64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2}};
  for (int64_t i = 0; i < options.n_middle_blocks; ++i) plan.emplace_back(512, 1);
  plan.emplace_back(1024, 2);
  plan.emplace_back(1024, 1);
  blocks_ = torch::nn::Sequential();
  int64_t in = channels(a, 32);
  for (const auto& [out, stride] : plan) {
    blocks_->push_back(SeparableBlock(in, channels(a, out), stride));
    in = channels(a, out);
  }
  register_module("blocks", blocks_);
  dropout_ = register_module("dropout", torch::nn::Dropout(options.dropout));
  head_ = register_module("head", torch::nn::Linear(in, options.embedding_size));
}

torch::Tensor EmbedderImpl::forward(const torch::Tensor& images) {
  // [N, 3, S, S] -> [N, C0, S/2, S/2] -> ... -> [N, C, S/32, S/32] -> [N, C] -> [N, E]
  auto h = torch::clamp(stem_bn_(stem_(images)), 0.0, 6.0);
  h = blocks_->forward(h);
  h = h.mean({2, 3});
  h = head_(dropout_(h));
  return F::normalize(h, F::NormalizeFuncOptions().p(2).dim(1).eps(1e-12));
}

}  // namespace vec2midi::vision
