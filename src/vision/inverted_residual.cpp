#include "vision/inverted_residual.hpp"

namespace vec2midi::vision {

namespace F = torch::nn::functional;

namespace {

torch::nn::BatchNorm2d keras_batch_norm(int64_t channels) {
  return torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(channels).eps(kKerasBatchNormEpsilon));
}

}  // namespace

torch::Tensor keras_stride2_pad(const torch::Tensor& x) {
  const int64_t top = x.size(2) % 2, left = x.size(3) % 2;
  return F::pad(x, F::PadFuncOptions({left, 1, top, 1}));  // (left, right, top, bottom)
}

InvertedResidualImpl::InvertedResidualImpl(const InvertedResidualStage& stage) : stage_(stage) {
  using torch::nn::Conv2dOptions;
  const int64_t hidden = stage.in_channels * stage.expansion;
  if (stage.expansion != 1) {
    expand_ = register_module("expand", torch::nn::Conv2d(Conv2dOptions(stage.in_channels, hidden, 1).bias(false)));
    bn_expand_ = register_module("bn_expand", keras_batch_norm(hidden));
  }
  depthwise_ = register_module("depthwise", torch::nn::Conv2d(Conv2dOptions(hidden, hidden, 3)
                                                                  .stride(stage.stride)
                                                                  .padding(stage.stride == 1 ? 1 : 0)
                                                                  .groups(hidden)
                                                                  .bias(false)));
  bn_depthwise_ = register_module("bn_depthwise", keras_batch_norm(hidden));
  project_ = register_module("project", torch::nn::Conv2d(Conv2dOptions(hidden, stage.out_channels, 1).bias(false)));
  bn_project_ = register_module("bn_project", keras_batch_norm(stage.out_channels));
}

torch::Tensor InvertedResidualImpl::forward(const torch::Tensor& x) {
  // [N, in, H, W] -> [N, t·in, H, W] -> [N, t·in, H/s, W/s] -> [N, out, H/s, W/s]
  auto h = expand_ ? torch::clamp(bn_expand_(expand_(x)), 0.0, 6.0) : x;
  if (stage_.stride != 1) h = keras_stride2_pad(h);
  h = torch::clamp(bn_depthwise_(depthwise_(h)), 0.0, 6.0);
  h = bn_project_(project_(h));
  return stage_.residual() ? h + x : h;
}

}  // namespace vec2midi::vision
