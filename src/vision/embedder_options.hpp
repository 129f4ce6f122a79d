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

/// Channels of the 3x3 stride-2 stem: alpha x 32, at least 8.
int64_t stem_channels(const EmbedderOptions& options);

/// The blocks after the stem, in order: MobileNet v1's (output channels, stride) plan
/// (64,1) (128,2) (128,1) (256,2) (256,1) (512,2), n_middle_blocks x (512,1), (1024,2) (1024,1),
/// channels scaled by alpha (at least 8).
std::vector<SeparableStage> separable_plan(const EmbedderOptions& options);

}  // namespace vec2midi::vision
