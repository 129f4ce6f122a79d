// MobileNetV2's inverted-residual block (Sandler et al. 2018, arXiv:1801.04381) laid out as Keras builds it,
// so that Keras's pretrained weights fit it name for name (pretrained_backbone.hpp): 1x1 expansion + BN +
// ReLU6, 3x3 depthwise + BN + ReLU6 (stride 2: Keras's zero padding on the bottom and right, then no
// padding), 1x1 linear projection + BN, the input added back when shapes agree.
// Usage: InvertedResidual block(InvertedResidualStage{32, 16, 1, 1}); auto y = block->forward(x);
#pragma once

#include <torch/torch.h>

#include "vision/embedder_options.hpp"

namespace vec2midi::vision {

/// Keras's BatchNormalization epsilon in MobileNetV2.
inline constexpr double kKerasBatchNormEpsilon = 1e-3;

/// Zero padding Keras puts before a stride-2 3x3 convolution of an h x w map (correct_pad): one row and
/// column at the bottom and right, and at the top and left too when the side is odd. x: [N, C, H, W].
torch::Tensor keras_stride2_pad(const torch::Tensor& x);

class InvertedResidualImpl : public torch::nn::Module {
 public:
  explicit InvertedResidualImpl(const InvertedResidualStage& stage);
  /// x: [N, in, H, W] -> [N, out, H/stride, W/stride]
  torch::Tensor forward(const torch::Tensor& x);

 private:
  InvertedResidualStage stage_;
  torch::nn::Conv2d expand_{nullptr}, depthwise_{nullptr}, project_{nullptr};
  torch::nn::BatchNorm2d bn_expand_{nullptr}, bn_depthwise_{nullptr}, bn_project_{nullptr};
};
TORCH_MODULE(InvertedResidual);

}  // namespace vec2midi::vision
