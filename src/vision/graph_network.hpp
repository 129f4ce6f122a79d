// An image network as an ordered list of layers over NHWC float activations, run without libtorch: what
// an imported network (import-tflite: the original's MobileNetV2) becomes inside vec2midi. The layers are
// the few a MobileNet needs (convolution, depthwise convolution, zero padding, residual add, global max
// pooling, dense, L2 normalisation); the model file stores them as JSON metadata plus one tensor each.
// Usage: GraphNetwork g = read_graph(st, path); std::vector<float> e = g.forward(rgb128);
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "io/safetensors.hpp"

namespace vec2midi::vision {

enum class LayerOp { Conv2d, DepthwiseConv2d, Pad, Add, GlobalMaxPool, Dense, L2Normalize };
enum class Activation { None, Relu, Relu6 };

/// One layer. Values are numbered: 0 is the scaled input picture, layer i writes value i + 1.
struct GraphLayer {
  LayerOp op = LayerOp::Conv2d;
  std::vector<int32_t> inputs;          ///< value numbers read (Add: two, others: one)
  int64_t stride_h = 1, stride_w = 1;   ///< convolutions
  bool same_padding = false;            ///< convolutions: TensorFlow SAME (out = ceil(in / stride)), else VALID
  std::array<int64_t, 4> padding{};     ///< Pad: zeros added at top, bottom, left, right (pixels)
  Activation activation = Activation::None;  ///< applied after the layer's arithmetic
  std::vector<int64_t> weight_shape;    ///< Conv2d [out, kh, kw, in]; DepthwiseConv2d [kh, kw, C]; Dense [out, in]
  std::vector<float> weight;            ///< in weight_shape's order (TFLite's own layouts)
  std::vector<float> bias;              ///< [out] or [C]; empty for ops without one
};

/// A whole network: pixels in, one vector out (the last layer's value).
struct GraphNetwork {
  int64_t input_size = 128;     ///< square input side in pixels
  float input_scale = 1.0f;     ///< network input = 8-bit RGB value · scale + offset
  float input_offset = 0.0f;
  std::vector<GraphLayer> layers;

  /// Runs the network on `rgb` (8-bit, 3 channels, RGB order, input_size x input_size) -> the last
  /// layer's values. Throws InputError if the picture has another size or type.
  std::vector<float> forward(const cv::Mat& rgb) const;

  /// The original's preprocessing, then forward(): `bgr` (8-bit, 3 channels, any size) to RGB and resized
  /// to input_size x input_size with Pillow's bicubic filter (pil_resize.hpp), no crop, aspect not kept.
  std::vector<float> embed(const cv::Mat& bgr) const;
};

/// Checks that every layer reads earlier values with fitting shapes and weights, starting from an
/// input_size x input_size x 3 picture; returns the output length. Throws InputError naming `where`.
int64_t validate_graph(const GraphNetwork& graph, const std::string& where);

/// The value of "architecture" in the metadata of an embedder file that holds a GraphNetwork (import-tflite).
inline constexpr const char* kGraphArchitecture = "graph";

/// Whether the embedder file `st` holds a GraphNetwork (metadata "architecture": "graph") rather than our MobileNet.
bool holds_graph(const io::Safetensors& st);

/// Adds `graph` to `st`: metadata "graph" (JSON: input, layers) and tensors "graph.<i>.weight"/".bias" as F32.
void store_graph(const GraphNetwork& graph, io::Safetensors& st);

/// Reads what store_graph() wrote and validates it. Throws InputError naming `where` if anything is
/// missing, malformed or inconsistent.
GraphNetwork read_graph(const io::Safetensors& st, const std::string& where);

}  // namespace vec2midi::vision
