// Starting the embedder from a MobileNetV2 pretrained on many photos: Keras's MobileNetV2 weights in a
// TensorFlow.js folder (e.g. the one the npm package nsfwjs ships, MIT; docs/EMBEDDER.md says how to unpack
// it) copied into an Embedder whose backbone is mobilenet_v2. Keras's layer names (Conv1, bn_Conv1,
// expanded_conv_*, block_<i>_{expand,depthwise,project}[_BN]) map onto ours; the embedding head stays new.
// Usage: int64_t n = load_keras_mobilenet_v2(net, "nsfwjs_mobilenet_v2/");
#pragma once

#include <cstdint>
#include <filesystem>

#include "vision/embedder.hpp"

namespace vec2midi::vision {

/// Copies the stem's and every kept block's convolution and BatchNorm weights (and running statistics)
/// from the tfjs folder `dir` into `net` (backbone mobilenet_v2); returns how many tensors were copied.
/// Throws InputError naming the folder and the variable when one is missing or has another shape, or when
/// `net` is not a mobilenet_v2.
int64_t load_keras_mobilenet_v2(Embedder& net, const std::filesystem::path& dir);

}  // namespace vec2midi::vision
