#include "io/tflite_model.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>

#include "io/error.hpp"

namespace vec2midi::io {
namespace {

// Field indices of the schema's tables (schema.fbs, in declaration order).
namespace field {
constexpr int kModelVersion = 0, kModelOperatorCodes = 1, kModelSubgraphs = 2, kModelDescription = 3,
              kModelBuffers = 4;
constexpr int kCodeDeprecatedBuiltin = 0, kCodeBuiltin = 3;
constexpr int kGraphTensors = 0, kGraphInputs = 1, kGraphOutputs = 2, kGraphOperators = 3;
constexpr int kTensorShape = 0, kTensorType = 1, kTensorBuffer = 2, kTensorName = 3, kTensorQuantization = 4;
constexpr int kQuantScale = 2, kQuantZeroPoint = 3, kQuantDimension = 6;
constexpr int kOpCodeIndex = 0, kOpInputs = 1, kOpOutputs = 2, kOpOptions = 4;
constexpr int kBufferData = 0, kBufferOffset = 1, kBufferSize = 2;
}  // namespace field

/// A FlatBuffer held in memory, read with every offset checked (flatbuffers' own encoding rules:
/// a table starts with a signed offset back to its vtable; vectors and strings hold a 32-bit length).
class FlatBuffer {
 public:
  FlatBuffer(std::string_view bytes, const std::string& name) : bytes_(bytes), name_(name) {}

  [[noreturn]] void fail(const std::string& what) const { throw InputError(name_ + ": not a valid TFLite model (" + what + ")"); }

  template <typename T>
  T read(uint64_t at) const {
    if (at > bytes_.size() || sizeof(T) > bytes_.size() - at) fail("offset " + std::to_string(at) + " is past the end");
    T value;
    std::memcpy(&value, bytes_.data() + at, sizeof(T));
    return value;
  }

  /// The position an unsigned offset stored at `at` points to.
  uint64_t follow(uint64_t at) const {
    const uint64_t target = at + read<uint32_t>(at);
    if (target >= bytes_.size()) fail("an offset at " + std::to_string(at) + " points past the end");
    return target;
  }

  /// The position of field `index` of the table at `table`, or nothing if the field is absent.
  std::optional<uint64_t> field(uint64_t table, int index) const {
    const int64_t vtable = int64_t(table) - int64_t(read<int32_t>(table));
    if (vtable < 0 || uint64_t(vtable) >= bytes_.size()) fail("a vtable offset points outside the file");
    const uint16_t vtable_size = read<uint16_t>(uint64_t(vtable));
    if (vtable_size < 4 || vtable_size % 2 != 0) fail("a vtable has size " + std::to_string(vtable_size));
    const uint64_t slot = 4 + 2 * uint64_t(index);
    if (slot + 2 > vtable_size) return std::nullopt;
    const uint16_t offset = read<uint16_t>(uint64_t(vtable) + slot);
    if (offset == 0) return std::nullopt;
    if (offset >= read<uint16_t>(uint64_t(vtable) + 2)) fail("a field lies outside its table");
    return table + offset;
  }

  template <typename T>
  T scalar(uint64_t table, int index, T default_value) const {
    const auto at = field(table, index);
    return at ? read<T>(*at) : default_value;
  }

  /// The table, vector or string that field `index` refers to, or nothing.
  std::optional<uint64_t> ref(uint64_t table, int index) const {
    const auto at = field(table, index);
    if (!at) return std::nullopt;
    return follow(*at);
  }

  /// Start of the elements and their count for a vector at `at` whose elements are `element_size` bytes.
  std::pair<uint64_t, uint64_t> vector(uint64_t at, uint64_t element_size) const {
    const uint64_t count = read<uint32_t>(at);
    if (count > (bytes_.size() - at - 4) / element_size) fail("a vector at " + std::to_string(at) + " runs past the end");
    return {at + 4, count};
  }

  template <typename T>
  std::vector<T> scalars(uint64_t table, int index) const {
    std::vector<T> out;
    if (const auto at = ref(table, index)) {
      const auto [start, count] = vector(*at, sizeof(T));
      out.reserve(count);
      for (uint64_t i = 0; i < count; ++i) out.push_back(read<T>(start + i * sizeof(T)));
    }
    return out;
  }

  /// Positions of the tables in the vector of tables that field `index` refers to.
  std::vector<uint64_t> tables(uint64_t table, int index) const {
    std::vector<uint64_t> out;
    if (const auto at = ref(table, index)) {
      const auto [start, count] = vector(*at, 4);
      out.reserve(count);
      for (uint64_t i = 0; i < count; ++i) out.push_back(follow(start + 4 * i));
    }
    return out;
  }

  std::string string(uint64_t table, int index) const {
    const auto at = ref(table, index);
    if (!at) return {};
    const auto [start, count] = vector(*at, 1);
    return std::string(bytes_.substr(start, count));
  }

  std::string_view bytes(uint64_t start, uint64_t count) const {
    if (start > bytes_.size() || count > bytes_.size() - start) fail("a buffer lies outside the file");
    return bytes_.substr(start, count);
  }

 private:
  std::string_view bytes_;
  std::string name_;
};

int32_t checked_index(const FlatBuffer& fb, int64_t value, size_t size, const std::string& what, bool optional) {
  if (value < (optional ? -1 : 0) || value >= int64_t(size)) fb.fail(what + " " + std::to_string(value) + " is out of range");
  return int32_t(value);
}

/// The options table of an operator, read by the operator's kind (the union's table layouts).
TfliteOperatorOptions read_options(const FlatBuffer& fb, uint64_t op, int32_t code) {
  TfliteOperatorOptions o;
  const auto table = fb.ref(op, field::kOpOptions);
  if (!table) return o;
  switch (code) {
    case tflite_op::kConv2d:  // Conv2DOptions: padding, stride_w, stride_h, activation, dilation_w, dilation_h
      o.same_padding = fb.scalar<int8_t>(*table, 0, 0) == 0;
      o.stride_w = fb.scalar<int32_t>(*table, 1, 1);
      o.stride_h = fb.scalar<int32_t>(*table, 2, 1);
      o.activation = fb.scalar<int8_t>(*table, 3, 0);
      o.dilation_w = fb.scalar<int32_t>(*table, 4, 1);
      o.dilation_h = fb.scalar<int32_t>(*table, 5, 1);
      break;
    case tflite_op::kDepthwiseConv2d:  // ... padding, stride_w, stride_h, depth_multiplier, activation, dilations
      o.same_padding = fb.scalar<int8_t>(*table, 0, 0) == 0;
      o.stride_w = fb.scalar<int32_t>(*table, 1, 1);
      o.stride_h = fb.scalar<int32_t>(*table, 2, 1);
      o.depth_multiplier = fb.scalar<int32_t>(*table, 3, 1);
      o.activation = fb.scalar<int8_t>(*table, 4, 0);
      o.dilation_w = fb.scalar<int32_t>(*table, 5, 1);
      o.dilation_h = fb.scalar<int32_t>(*table, 6, 1);
      break;
    case tflite_op::kAdd:  // AddOptions: activation
    case tflite_op::kSub:
    case tflite_op::kDiv:
    case tflite_op::kFullyConnected:  // FullyConnectedOptions: activation first
    case tflite_op::kL2Normalization:
      o.activation = fb.scalar<int8_t>(*table, 0, 0);
      break;
    case tflite_op::kReduceMax:  // ReducerOptions: keep_dims
      o.keep_dims = fb.scalar<uint8_t>(*table, 0, 0) != 0;
      break;
    default:
      break;
  }
  return o;
}

/// Tensor `t`; its data is copied once per buffer into `cache` (many tensors may name one buffer).
TfliteTensor read_tensor(const FlatBuffer& fb, uint64_t t, const std::vector<uint64_t>& buffers, std::string_view file,
                         std::vector<std::shared_ptr<const std::string>>& cache) {
  TfliteTensor tensor;
  tensor.name = fb.string(t, field::kTensorName);
  tensor.type = fb.scalar<int8_t>(t, field::kTensorType, 0);
  tensor.shape = fb.scalars<int32_t>(t, field::kTensorShape);
  int64_t numel = 1;
  for (int32_t d : tensor.shape) {
    if (d < 0) fb.fail("tensor '" + tensor.name + "' has a negative dimension");
    if (numel > (int64_t(1) << 40) / std::max(d, 1)) fb.fail("tensor '" + tensor.name + "' has more than 2^40 elements");
    numel *= std::max(d, 1);
  }
  const uint32_t buffer = fb.scalar<uint32_t>(t, field::kTensorBuffer, 0);
  if (buffer >= buffers.size()) fb.fail("tensor '" + tensor.name + "' names buffer " + std::to_string(buffer));
  if (!cache[buffer]) {
    const uint64_t b = buffers[buffer];
    const uint64_t offset = fb.scalar<uint64_t>(b, field::kBufferOffset, 0);
    if (offset > 1) {  // stored after the FlatBuffer (files over 2 GiB)
      cache[buffer] = std::make_shared<const std::string>(fb.bytes(offset, fb.scalar<uint64_t>(b, field::kBufferSize, 0)));
    } else if (const auto at = fb.ref(b, field::kBufferData)) {
      const auto [start, count] = fb.vector(*at, 1);
      cache[buffer] = std::make_shared<const std::string>(file.substr(start, count));
    } else {
      cache[buffer] = std::make_shared<const std::string>();
    }
  }
  tensor.storage = cache[buffer];
  tensor.data = *tensor.storage;
  if (const auto q = fb.ref(t, field::kTensorQuantization)) {
    tensor.scale = fb.scalars<float>(*q, field::kQuantScale);
    tensor.zero_point = fb.scalars<int64_t>(*q, field::kQuantZeroPoint);
    tensor.quantized_dimension = fb.scalar<int32_t>(*q, field::kQuantDimension, 0);
    if (!tensor.zero_point.empty() && tensor.zero_point.size() != tensor.scale.size()) {
      fb.fail("tensor '" + tensor.name + "' has " + std::to_string(tensor.scale.size()) + " scales but " +
              std::to_string(tensor.zero_point.size()) + " zero points");
    }
  }
  return tensor;
}

/// `values` checked as tensor indices; -1 (an omitted input) only where `optional`.
std::vector<int32_t> checked_indices(const FlatBuffer& fb, std::vector<int32_t> values, size_t n_tensors,
                                     const std::string& what, bool optional = false) {
  for (int32_t& v : values) v = checked_index(fb, v, n_tensors, what, optional);
  return values;
}

}  // namespace

int64_t TfliteTensor::numel() const {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  return n;
}

TfliteModel parse_tflite(std::string_view bytes, const std::string& name) {
  const FlatBuffer fb(bytes, name);
  if (bytes.size() < 8) fb.fail("only " + std::to_string(bytes.size()) + " bytes");
  if (bytes.substr(4, 4) != "TFL3") fb.fail("no TFL3 file identifier");
  const uint64_t root = fb.follow(0);
  TfliteModel model;
  model.version = fb.scalar<uint32_t>(root, field::kModelVersion, 0);
  model.description = fb.string(root, field::kModelDescription);
  std::vector<int32_t> codes;
  for (uint64_t c : fb.tables(root, field::kModelOperatorCodes)) {
    // builtin_code (int32) replaced the int8 deprecated_builtin_code; files carry the larger of the two.
    const int32_t deprecated = fb.scalar<int8_t>(c, field::kCodeDeprecatedBuiltin, 0);
    codes.push_back(std::max(deprecated, fb.scalar<int32_t>(c, field::kCodeBuiltin, 0)));
  }
  const std::vector<uint64_t> buffers = fb.tables(root, field::kModelBuffers);
  const std::vector<uint64_t> subgraphs = fb.tables(root, field::kModelSubgraphs);
  if (subgraphs.empty()) fb.fail("no subgraph");
  const uint64_t graph = subgraphs.front();
  std::vector<std::shared_ptr<const std::string>> cache(buffers.size());
  for (uint64_t t : fb.tables(graph, field::kGraphTensors)) model.tensors.push_back(read_tensor(fb, t, buffers, bytes, cache));
  const size_t n_tensors = model.tensors.size();
  model.inputs = checked_indices(fb, fb.scalars<int32_t>(graph, field::kGraphInputs), n_tensors, "input tensor");
  model.outputs = checked_indices(fb, fb.scalars<int32_t>(graph, field::kGraphOutputs), n_tensors, "output tensor");
  for (uint64_t o : fb.tables(graph, field::kGraphOperators)) {
    TfliteOperator op;
    const uint32_t code_index = fb.scalar<uint32_t>(o, field::kOpCodeIndex, 0);
    if (code_index >= codes.size()) fb.fail("an operator names operator code " + std::to_string(code_index));
    op.builtin_code = codes[code_index];
    op.inputs = checked_indices(fb, fb.scalars<int32_t>(o, field::kOpInputs), n_tensors, "operator input", true);
    op.outputs = checked_indices(fb, fb.scalars<int32_t>(o, field::kOpOutputs), n_tensors, "operator output");
    op.options = read_options(fb, o, op.builtin_code);
    model.operators.push_back(std::move(op));
  }
  return model;
}

TfliteModel read_tflite(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open the TFLite file");
  in.seekg(0, std::ios::end);
  const auto size = uint64_t(in.tellg());
  if (size > kMaxTfliteBytes) throw InputError(path.string() + ": larger than 2 GiB, not a TFLite model vec2midi reads");
  in.seekg(0);
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), std::streamsize(size))) throw InputError(path.string() + ": cannot read the TFLite file");
  return parse_tflite(bytes, path.string());
}

std::vector<float> tflite_values(const TfliteTensor& t, const std::string& where) {
  const int64_t n = t.numel();
  const auto need = [&](int64_t element_size) {
    if (int64_t(t.data.size()) != n * element_size) {
      throw InputError(where + ": tensor '" + t.name + "' holds " + std::to_string(t.data.size()) + " bytes, expected " +
                       std::to_string(n * element_size));
    }
  };
  // The byte count is checked before anything is allocated (a shape may declare far more than the file holds).
  const bool wide = t.type == int8_t(TfliteType::Float32) || t.type == int8_t(TfliteType::Int32);
  const bool narrow = t.type == int8_t(TfliteType::Int8) || t.type == int8_t(TfliteType::UInt8);
  if (wide || narrow) need(wide ? 4 : 1);
  std::vector<float> out(wide || narrow ? static_cast<size_t>(n) : 0);
  switch (TfliteType(t.type)) {
    case TfliteType::Float32:
      std::memcpy(out.data(), t.data.data(), t.data.size());
      return out;
    case TfliteType::Int32:
      for (int64_t i = 0; i < n; ++i) {
        int32_t v;
        std::memcpy(&v, t.data.data() + 4 * i, 4);
        out[size_t(i)] = float(v);
      }
      return out;
    case TfliteType::Int8:
    case TfliteType::UInt8: {
      if (t.scale.empty()) throw InputError(where + ": quantised tensor '" + t.name + "' has no scale");
      // Per-channel scales run along quantized_dimension: index i's channel is (i / inner) % channels.
      const int64_t channels = int64_t(t.scale.size());
      int64_t inner = 1;
      if (channels > 1) {
        const int32_t axis = t.quantized_dimension;
        if (axis < 0 || axis >= int32_t(t.shape.size()) || t.shape[size_t(axis)] != channels) {
          throw InputError(where + ": tensor '" + t.name + "' has " + std::to_string(channels) + " scales that fit no axis");
        }
        for (size_t d = size_t(axis) + 1; d < t.shape.size(); ++d) inner *= t.shape[d];
      }
      for (int64_t i = 0; i < n; ++i) {
        const int64_t c = channels > 1 ? (i / inner) % channels : 0;
        const int64_t q = t.type == int8_t(TfliteType::Int8) ? int64_t(int8_t(t.data[size_t(i)])) : int64_t(uint8_t(t.data[size_t(i)]));
        const int64_t zero = t.zero_point.empty() ? 0 : t.zero_point[size_t(c)];
        out[size_t(i)] = t.scale[size_t(c)] * float(q - zero);
      }
      return out;
    }
    default:
      throw InputError(where + ": tensor '" + t.name + "' has TFLite type " + std::to_string(t.type) +
                       ", which vec2midi does not read as numbers");
  }
}

}  // namespace vec2midi::io
