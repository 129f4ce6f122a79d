// The Image2Vec network's architecture: a small MobileNet v1 (Howard et al. 2017, arXiv:1704.04861) whose
// width, depth and sizes are options, and the plan of its depthwise-separable blocks, shared by the
// libtorch network (embedder.hpp) and the libtorch-free inference of compose (plain_embedder.hpp).
// Usage: for (const SeparableStage& s : separable_plan(EmbedderOptions{})) ...;
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vec2midi::vision {

struct EmbedderOptions {
  /// "mobilenet_v1": our small MobileNet (below); "mobilenet_v2": Keras's MobileNetV2 at width 1 (Sandler et al.
  /// 2018, arXiv:1801.04381), cut after `v2_blocks` inverted-residual blocks, so that a network pretrained on many
  /// photos can be fine-tuned (train-embedder --pretrained; docs/EMBEDDER.md).
  std::string backbone = "mobilenet_v1";
  int64_t v2_blocks = 17;        ///< mobilenet_v2: inverted-residual blocks kept (Keras's expanded_conv, block_1 ... block_16)
  int64_t input_size = 128;      ///< square input side in pixels (original: MobileNet at 128x128)
  int64_t embedding_size = 9;    ///< output dimensions E (original: 9, one per colour class)
  double width_multiplier = 0.25;  ///< MobileNet alpha: channels = alpha x (32, 64, ..., 1024)
  int64_t n_middle_blocks = 1;   ///< 512-channel stride-1 blocks at 8x8 (MobileNet v1 has 5)
  double dropout = 0.1;          ///< dropout before the embedding layer during training
  /// How the last feature map becomes one vector: "mean" over positions (MobileNet), or "attention": a learned
  /// 1×1 convolution scores each position, softmax over positions, the features' weighted mean — the network
  /// can weigh the object that draws the eye over the ground (docs/EMBEDDER.md).
  std::string pooling = "mean";

  /// JSON text stored in the model file's metadata under "embedder".
  std::string to_json_string() const;
  /// Parses to_json_string()'s output; throws InputError naming the bad field.
  static EmbedderOptions from_json_string(const std::string& text);

  friend bool operator==(const EmbedderOptions&, const EmbedderOptions&) = default;
};

/// One depthwise-separable block: 3x3 depthwise conv (stride), then 1x1 conv in -> out channels.
struct SeparableStage {
  int64_t in_channels = 0;
  int64_t out_channels = 0;
  int64_t stride = 1;
};

/// One MobileNetV2 inverted-residual block: 1x1 expansion (none when expansion is 1), 3x3 depthwise conv
/// (stride), 1x1 linear projection; the input is added back when the stride is 1 and the channels agree.
struct InvertedResidualStage {
  int64_t in_channels = 0;
  int64_t out_channels = 0;
  int64_t stride = 1;
  int64_t expansion = 6;
  bool residual() const { return stride == 1 && in_channels == out_channels; }
};

/// Keras MobileNetV2's (alpha 1) blocks after its 32-channel stem, the first options.v2_blocks of them:
/// (16,1,t1) (24,2) (24,1) (32,2) (32,1)x2 (64,2) (64,1)x3 (96,1)x3 (160,2) (160,1)x2 (320,1), expansion 6 but the first.
std::vector<InvertedResidualStage> inverted_residual_plan(const EmbedderOptions& options);

/// Channels of the 3x3 stride-2 stem: alpha x 32, at least 8 (mobilenet_v2: 32).
int64_t stem_channels(const EmbedderOptions& options);

/// Channels of the features the network pools (either backbone).
int64_t feature_channels(const EmbedderOptions& options);

/// The blocks after the stem, in order: MobileNet v1's (output channels, stride) plan
/// (64,1) (128,2) (128,1) (256,2) (256,1) (512,2), n_middle_blocks x (512,1), (1024,2) (1024,1),
/// channels scaled by alpha (at least 8).
std::vector<SeparableStage> separable_plan(const EmbedderOptions& options);

}  // namespace vec2midi::vision
