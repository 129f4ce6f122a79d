// The Image2Vec network: a small MobileNet (Howard et al. 2017, arXiv:1704.04861) of
// depthwise-separable blocks, 128x128 RGB in, an L2-normalised colour embedding out (9-d).
// Usage: Embedder net(EmbedderOptions{}); net->eval(); auto e = net->forward(images_to_batch(imgs));
#pragma once

#include <cstdint>

#include <torch/torch.h>

#include "vision/embedder_options.hpp"

namespace vec2midi::vision {

/// A MobileNet depthwise-separable block: 3x3 depthwise conv + BN + ReLU6, 1x1 conv + BN + ReLU6.
class SeparableBlockImpl : public torch::nn::Module {
 public:
  SeparableBlockImpl(int64_t in_channels, int64_t out_channels, int64_t stride);
  /// x: [N, in, H, W] -> [N, out, H/stride, W/stride]
  torch::Tensor forward(const torch::Tensor& x);

 private:
  torch::nn::Conv2d depthwise_{nullptr}, pointwise_{nullptr};
  torch::nn::BatchNorm2d bn_depthwise_{nullptr}, bn_pointwise_{nullptr};
};
TORCH_MODULE(SeparableBlock);

/// The embedding CNN.
class EmbedderImpl : public torch::nn::Module {
 public:
  explicit EmbedderImpl(const EmbedderOptions& options);
  /// images: [N, 3, S, S] RGB in [-1, 1] -> embeddings [N, E], each row of unit L2 norm.
  torch::Tensor forward(const torch::Tensor& images);
  const EmbedderOptions& options() const { return options_; }

 private:
  EmbedderOptions options_;
  torch::nn::Conv2d stem_{nullptr};
  torch::nn::BatchNorm2d stem_bn_{nullptr};
  torch::nn::Sequential blocks_{nullptr};
  torch::nn::Conv2d attention_{nullptr};  // pooling "attention": [C] -> 1 score per position; else null
  torch::nn::Dropout dropout_{nullptr};
  torch::nn::Linear head_{nullptr};
};
TORCH_MODULE(Embedder);

}  // namespace vec2midi::vision
