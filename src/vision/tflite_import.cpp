#include "vision/tflite_import.hpp"

#include <map>
#include <optional>

#include "io/error.hpp"

namespace vec2midi::vision {
namespace {

namespace op = io::tflite_op;

/// A layer of `kind` reading `inputs`, with `activation`; weights and options are set by the caller.
GraphLayer layer(LayerOp kind, std::vector<int32_t> inputs, Activation activation = Activation::None) {
  GraphLayer l;
  l.op = kind;
  l.inputs = std::move(inputs);
  l.activation = activation;
  return l;
}

/// Walks the operators in order, tracking which TFLite tensor is which value of the graph.
class Importer {
 public:
  Importer(const io::TfliteModel& model, std::string where) : m_(model), where_(std::move(where)) {}

  ImportedGraph run() {
    if (m_.inputs.size() != 1 || m_.outputs.size() != 1) fail_model("needs one input and one output tensor");
    const io::TfliteTensor& in = m_.tensors[size_t(m_.inputs[0])];
    if (in.shape.size() != 4 || in.shape[0] != 1 || in.shape[1] != in.shape[2] || in.shape[3] != 3 || in.shape[1] < 1) {
      fail_model("the input tensor '" + in.name + "' is not [1, S, S, 3]");
    }
    if (in.type != int8_t(io::TfliteType::UInt8) && in.type != int8_t(io::TfliteType::Float32)) {
      fail_model("the input tensor '" + in.name + "' is neither uint8 nor float32");
    }
    out_.graph.input_size = in.shape[1];
    value_of_[m_.inputs[0]] = 0;
    for (size_t i = 0; i < m_.operators.size(); ++i) {
      index_ = i;
      map_operator(m_.operators[i]);
    }
    const auto it = value_of_.find(m_.outputs[0]);
    if (it == value_of_.end() || it->second != int32_t(out_.graph.layers.size())) {
      fail_model("the output tensor is not the last layer's result");
    }
    out_.n_operators = int64_t(m_.operators.size());
    out_.output_size = validate_graph(out_.graph, where_);
    return std::move(out_);
  }

 private:
  [[noreturn]] void fail_model(const std::string& what) const { throw InputError(where_ + ": " + what); }
  [[noreturn]] void fail(const io::TfliteOperator& o, const std::string& what) const {
    throw InputError(where_ + ": operator " + std::to_string(index_) + " (builtin code " + std::to_string(o.builtin_code) +
                     "): " + what);
  }

  /// The graph value computed into TFLite tensor `t`.
  int32_t value(const io::TfliteOperator& o, int32_t t) const {
    const auto it = value_of_.find(t);
    if (t < 0 || it == value_of_.end()) fail(o, "reads tensor " + std::to_string(t) + ", which no earlier operator computed");
    return it->second;
  }

  /// The float values of constant tensor `t` (dequantised if it is int8/uint8 or came from DEQUANTIZE).
  std::vector<float> constant(const io::TfliteOperator& o, int32_t t) {
    if (t < 0) fail(o, "misses a constant input");
    if (const auto it = dequantised_.find(t); it != dequantised_.end()) return it->second;
    const io::TfliteTensor& tensor = m_.tensors[size_t(t)];
    if (tensor.data.empty()) fail(o, "expects tensor '" + tensor.name + "' to be a constant");
    if (tensor.type == int8_t(io::TfliteType::Int8) || tensor.type == int8_t(io::TfliteType::UInt8)) ++out_.n_dequantised;
    return io::tflite_values(tensor, where_);
  }

  std::vector<int64_t> shape(int32_t t) const {
    const auto& s = m_.tensors[size_t(t)].shape;
    return {s.begin(), s.end()};
  }

  Activation activation(const io::TfliteOperator& o) const {
    switch (o.options.activation) {
      case 0: return Activation::None;
      case 1: return Activation::Relu;
      case 3: return Activation::Relu6;
      default: fail(o, "fused activation " + std::to_string(o.options.activation) + " is not supported");
    }
  }

  void add_layer(const io::TfliteOperator& o, GraphLayer layer) {
    if (o.outputs.size() != 1) fail(o, "has " + std::to_string(o.outputs.size()) + " outputs");
    out_.graph.layers.push_back(std::move(layer));
    value_of_[o.outputs[0]] = int32_t(out_.graph.layers.size());
  }

  void need_inputs(const io::TfliteOperator& o, size_t n) const {
    if (o.inputs.size() < n || o.outputs.size() != 1) fail(o, "has the wrong number of inputs or outputs");
  }

  /// The scalar constant of a DIV or SUB applied to the input picture before any layer.
  float input_scalar(const io::TfliteOperator& o) {
    need_inputs(o, 2);
    if (value(o, o.inputs[0]) != 0 || !out_.graph.layers.empty()) fail(o, "only the input picture may be scaled");
    const std::vector<float> c = constant(o, o.inputs[1]);
    if (c.size() != 1 || c[0] == 0.0f) fail(o, "needs one non-zero scalar constant");
    value_of_[o.outputs[0]] = 0;
    return c[0];
  }

  void map_convolution(const io::TfliteOperator& o, bool depthwise) {
    need_inputs(o, 2);
    const auto& opt = o.options;
    if (opt.dilation_h != 1 || opt.dilation_w != 1) fail(o, "dilated convolutions are not supported");
    GraphLayer l = layer(depthwise ? LayerOp::DepthwiseConv2d : LayerOp::Conv2d, {value(o, o.inputs[0])}, activation(o));
    l.stride_h = opt.stride_h;
    l.stride_w = opt.stride_w;
    l.same_padding = opt.same_padding;
    l.weight = constant(o, o.inputs[1]);
    l.weight_shape = shape(o.inputs[1]);
    if (depthwise) {  // TFLite [1, kh, kw, C · multiplier]; vec2midi runs multiplier 1
      if (l.weight_shape.size() != 4 || l.weight_shape[0] != 1 || opt.depth_multiplier != 1) {
        fail(o, "only depthwise convolutions with multiplier 1 are supported");
      }
      l.weight_shape.erase(l.weight_shape.begin());
    }
    const int64_t n_out = l.weight_shape.empty() ? 0 : l.weight_shape[depthwise ? l.weight_shape.size() - 1 : 0];
    l.bias = o.inputs.size() > 2 && o.inputs[2] >= 0 ? constant(o, o.inputs[2]) : std::vector<float>(size_t(n_out), 0.0f);
    add_layer(o, std::move(l));
  }

  void map_operator(const io::TfliteOperator& o) {
    switch (o.builtin_code) {
      case op::kCast:  // uint8 -> float32: the pixel values themselves
        need_inputs(o, 1);
        if (value(o, o.inputs[0]) != 0) fail(o, "only the input picture may be cast");
        value_of_[o.outputs[0]] = 0;
        return;
      case op::kDiv: {
        const float d = input_scalar(o);
        out_.graph.input_scale /= d;
        out_.graph.input_offset /= d;
        return;
      }
      case op::kSub:
        out_.graph.input_offset -= input_scalar(o);
        return;
      case op::kDequantize:
        need_inputs(o, 1);
        dequantised_[o.outputs[0]] = constant(o, o.inputs[0]);
        return;
      case op::kPad: {
        need_inputs(o, 2);
        const std::vector<float> p = constant(o, o.inputs[1]);  // [4, 2]: batch, height, width, channels
        if (p.size() != 8 || p[0] != 0 || p[1] != 0 || p[6] != 0 || p[7] != 0) fail(o, "only height and width may be padded");
        GraphLayer l = layer(LayerOp::Pad, {value(o, o.inputs[0])});
        l.padding = {int64_t(p[2]), int64_t(p[3]), int64_t(p[4]), int64_t(p[5])};
        add_layer(o, std::move(l));
        return;
      }
      case op::kConv2d: map_convolution(o, false); return;
      case op::kDepthwiseConv2d: map_convolution(o, true); return;
      case op::kAdd:
        need_inputs(o, 2);
        add_layer(o, layer(LayerOp::Add, {value(o, o.inputs[0]), value(o, o.inputs[1])}, activation(o)));
        return;
      case op::kReduceMax: {
        need_inputs(o, 2);
        const std::vector<float> axes = constant(o, o.inputs[1]);
        if (axes != std::vector<float>{1.0f, 2.0f} || o.options.keep_dims) fail(o, "only a max over height and width is supported");
        add_layer(o, layer(LayerOp::GlobalMaxPool, {value(o, o.inputs[0])}));
        return;
      }
      case op::kFullyConnected: {
        need_inputs(o, 2);
        GraphLayer l = layer(LayerOp::Dense, {value(o, o.inputs[0])}, activation(o));
        l.weight = constant(o, o.inputs[1]);
        l.weight_shape = shape(o.inputs[1]);
        const int64_t n_out = l.weight_shape.empty() ? 0 : l.weight_shape[0];
        l.bias = o.inputs.size() > 2 && o.inputs[2] >= 0 ? constant(o, o.inputs[2]) : std::vector<float>(size_t(n_out), 0.0f);
        add_layer(o, std::move(l));
        return;
      }
      case op::kL2Normalization:
        need_inputs(o, 1);
        add_layer(o, layer(LayerOp::L2Normalize, {value(o, o.inputs[0])}, activation(o)));
        return;
      default:
        fail(o, "this operator is not supported by vec2midi's importer");
    }
  }

  const io::TfliteModel& m_;
  std::string where_;
  size_t index_ = 0;
  ImportedGraph out_;
  std::map<int32_t, int32_t> value_of_;                 // TFLite tensor -> graph value
  std::map<int32_t, std::vector<float>> dequantised_;   // DEQUANTIZE outputs
};

}  // namespace

ImportedGraph graph_from_tflite(const io::TfliteModel& model, const std::string& where) {
  return Importer(model, where).run();
}

}  // namespace vec2midi::vision
