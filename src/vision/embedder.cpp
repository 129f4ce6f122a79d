#include "vision/embedder.hpp"

#include "vision/inverted_residual.hpp"

namespace vec2midi::vision {

namespace F = torch::nn::functional;

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


EmbedderImpl::EmbedderImpl(const EmbedderOptions& options) : options_(options) {
  using torch::nn::Conv2dOptions;
  const int64_t stem = stem_channels(options);
  const bool v2 = options.backbone == "mobilenet_v2";
  stem_ = register_module("stem", torch::nn::Conv2d(Conv2dOptions(3, stem, 3).stride(2).padding(v2 ? 0 : 1).bias(false)));
  stem_bn_ = register_module(
      "stem_bn", torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(stem).eps(v2 ? kKerasBatchNormEpsilon : 1e-5)));
  blocks_ = torch::nn::Sequential();
  if (v2) {
    for (const InvertedResidualStage& stage : inverted_residual_plan(options)) blocks_->push_back(InvertedResidual(stage));
  } else {
    for (const SeparableStage& stage : separable_plan(options)) {
      blocks_->push_back(SeparableBlock(stage.in_channels, stage.out_channels, stage.stride));
    }
  }
  register_module("blocks", blocks_);
  const int64_t in = feature_channels(options);
  if (options.pooling == "attention") attention_ = register_module("attention", torch::nn::Conv2d(Conv2dOptions(in, 1, 1)));
  dropout_ = register_module("dropout", torch::nn::Dropout(options.dropout));
  head_ = register_module("head", torch::nn::Linear(in, options.embedding_size));
}

torch::Tensor EmbedderImpl::forward(const torch::Tensor& images) {
  // [N, 3, S, S] -> [N, C0, S/2, S/2] -> ... -> [N, C, S/32, S/32] -> [N, C] -> [N, E]
  // MobileNetV2 was pretrained on [0, 1] pixels (nsfwjs), with Keras's padding before its stride-2 stem.
  const bool v2 = options_.backbone == "mobilenet_v2";
  const auto x = v2 ? keras_stride2_pad((images + 1.0) * 0.5) : images;
  auto h = torch::clamp(stem_bn_(stem_(x)), 0.0, 6.0);
  h = blocks_->forward(h);
  if (attention_) {
    // scores [N, 1, h, w] -> softmax over the h·w positions -> weighted mean of the features [N, C]
    const auto weights = torch::softmax(attention_(h).flatten(2), 2);  // [N, 1, h·w]
    h = (h.flatten(2) * weights).sum(2);
  } else {
    h = h.mean({2, 3});
  }
  h = head_(dropout_(h));
  return F::normalize(h, F::NormalizeFuncOptions().p(2).dim(1).eps(1e-12));
}

}  // namespace vec2midi::vision
