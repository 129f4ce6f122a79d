// Reading TensorFlow Lite model files (a FlatBuffer, schema tensorflow/lite/schema/schema.fbs v3): the
// first subgraph's tensors with their data and quantisation, and its operators with the options vec2midi
// understands. Every offset and size is checked against the file; anything malformed is one InputError.
// Written by hand (about 300 lines) because only these few tables are needed and a generated reader would
// add a schema compiler to the build for them.
// Usage: TfliteModel m = read_tflite("colors_mobilenet.tflite"); for (auto& op : m.operators) ...;
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vec2midi::io {

/// TensorType of the schema (the values stored in the file).
enum class TfliteType : int8_t { Float32 = 0, Float16 = 1, Int32 = 2, UInt8 = 3, Int64 = 4, Int8 = 9 };

/// BuiltinOperator codes of the schema that vec2midi's importer maps; others are kept as numbers.
namespace tflite_op {
inline constexpr int32_t kAdd = 0;
inline constexpr int32_t kConv2d = 3;
inline constexpr int32_t kDepthwiseConv2d = 4;
inline constexpr int32_t kDequantize = 6;
inline constexpr int32_t kFullyConnected = 9;
inline constexpr int32_t kL2Normalization = 11;
inline constexpr int32_t kPad = 34;
inline constexpr int32_t kSub = 41;
inline constexpr int32_t kDiv = 42;
inline constexpr int32_t kCast = 53;
inline constexpr int32_t kReduceMax = 82;
}  // namespace tflite_op

/// One tensor of the subgraph.
struct TfliteTensor {
  std::string name;
  int8_t type = 0;                  ///< TfliteType value as stored (other types are kept, not interpreted)
  std::vector<int32_t> shape;       ///< dimensions, outermost first
  std::string_view data;            ///< the constant's raw little-endian bytes (in `storage`); empty for activations
  std::shared_ptr<const std::string> storage;  ///< the buffer `data` lies in, shared by every tensor naming it
  std::vector<float> scale;         ///< quantisation scales (one per tensor, or per quantized_dimension slice)
  std::vector<int64_t> zero_point;  ///< quantisation zero points, as many as scales (or none)
  int32_t quantized_dimension = 0;  ///< the axis that per-channel scales run along

  /// Product of the dimensions (1 for a scalar).
  int64_t numel() const;
};

/// The options of one operator that vec2midi reads (schema defaults where the file stores none).
struct TfliteOperatorOptions {
  bool same_padding = true;   ///< Padding SAME (true) or VALID (false); Conv2D and DepthwiseConv2D
  int32_t stride_w = 1, stride_h = 1;
  int32_t dilation_w = 1, dilation_h = 1;
  int32_t depth_multiplier = 1;  ///< DepthwiseConv2D
  int8_t activation = 0;         ///< fused ActivationFunctionType: 0 none, 1 ReLU, 3 ReLU6, ...
  bool keep_dims = false;        ///< ReducerOptions (REDUCE_MAX, MEAN)
};

/// One operator of the subgraph, in execution order.
struct TfliteOperator {
  int32_t builtin_code = 0;       ///< BuiltinOperator (tflite_op::k...)
  std::vector<int32_t> inputs;    ///< tensor indices; -1 for an omitted optional input
  std::vector<int32_t> outputs;   ///< tensor indices
  TfliteOperatorOptions options;
};

/// The first subgraph of a TFLite model.
struct TfliteModel {
  uint32_t version = 0;             ///< schema version (3)
  std::string description;          ///< e.g. "MLIR Converted."
  std::vector<TfliteTensor> tensors;
  std::vector<TfliteOperator> operators;
  std::vector<int32_t> inputs;      ///< the subgraph's input tensor indices
  std::vector<int32_t> outputs;     ///< the subgraph's output tensor indices
};

/// Largest file read_tflite() accepts (the format's own limit without external buffers is 2 GiB).
inline constexpr uint64_t kMaxTfliteBytes = uint64_t(1) << 31;

/// Parses a TFLite FlatBuffer held in memory; `name` is used in error messages. Throws InputError
/// ("<name>: ...") for anything that is not a well-formed TFLite model with at least one subgraph.
TfliteModel parse_tflite(std::string_view bytes, const std::string& name);

/// Reads and parses the file at `path` (see parse_tflite()).
TfliteModel read_tflite(const std::filesystem::path& path);

/// The values of constant tensor `t` as float: FLOAT32 as is, INT8/UINT8 dequantised
/// (scale · (q − zero point), per channel along quantized_dimension), INT32 converted. Throws InputError
/// naming the tensor if it holds no data, has too few bytes or another type.
std::vector<float> tflite_values(const TfliteTensor& t, const std::string& where);

}  // namespace vec2midi::io
