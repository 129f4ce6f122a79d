// The Image2Vec network: a small MobileNet (Howard et al. 2017, arXiv:1704.04861) of
// depthwise-separable blocks, 128x128 RGB in, an L2-normalised colour embedding out (9-d).
// Usage: Embedder net(EmbedderOptions{}); net->eval(); auto e = net->forward(images_to_batch(imgs));
#pragma once

#include <cstdint>
#include <string>

#include <torch/torch.h>

namespace vec2midi::vision {

struct EmbedderOptions {
  int64_t input_size = 128;      ///< square input side in pixels (original: MobileNet at 128x128)
  int64_t embedding_size = 9;    ///< output dimensions E (original: 9, one per colour class)
  double width_multiplier = 0.25;  ///< MobileNet alpha: channels = alpha x (32, 64, ..., 1024)
  int64_t n_middle_blocks = 1;   ///< 512-channel stride-1 blocks at 8x8 (MobileNet v1 has 5)
  double dropout = 0.1;          ///< dropout before the embedding layer during training

  /// JSON text stored in the model file's metadata under "embedder".
  std::string to_json_string() const;
  /// Parses to_json_string()'s output; throws InputError naming the bad field.
  static EmbedderOptions from_json_string(const std::string& text);

  friend bool operator==(const EmbedderOptions&, const EmbedderOptions&) = default;
};

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
  torch::nn::Dropout dropout_{nullptr};
  torch::nn::Linear head_{nullptr};
};
TORCH_MODULE(Embedder);

}  // namespace vec2midi::vision
