#include "vision/graph_network.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "io/error.hpp"
#include "vision/pil_resize.hpp"

namespace vec2midi::vision {
namespace {

/// Height, width and channels of one value (a vector is 1 x 1 x C).
struct Shape {
  int64_t h = 0, w = 0, c = 0;
  int64_t size() const { return h * w * c; }
  bool operator==(const Shape&) const = default;
};

struct Value {
  Shape shape;
  std::vector<float> data;  // [h, w, c]
};

constexpr const char* kOpNames[] = {"conv2d", "depthwise_conv2d", "pad", "add", "global_max_pool", "dense", "l2_normalize"};
constexpr const char* kActivationNames[] = {"none", "relu", "relu6"};

/// Output size and leading padding of a convolution along one axis (TensorFlow's SAME / VALID rules).
std::pair<int64_t, int64_t> conv_extent(int64_t in, int64_t kernel, int64_t stride, bool same) {
  if (same) {
    const int64_t out = (in + stride - 1) / stride;
    const int64_t total = std::max<int64_t>((out - 1) * stride + kernel - in, 0);
    return {out, total / 2};
  }
  return {in >= kernel ? (in - kernel) / stride + 1 : 0, 0};
}

Shape output_shape(const GraphLayer& l, const std::vector<Shape>& shapes, const std::string& where, size_t index) {
  const auto fail = [&](const std::string& what) -> Shape {
    throw InputError(where + ": graph layer " + std::to_string(index) + " (" + kOpNames[int(l.op)] + "): " + what);
  };
  const size_t n_inputs = l.op == LayerOp::Add ? 2 : 1;
  if (l.inputs.size() != n_inputs) return fail("reads " + std::to_string(l.inputs.size()) + " values");
  for (int32_t v : l.inputs) {
    if (v < 0 || size_t(v) >= shapes.size()) return fail("reads value " + std::to_string(v) + ", not yet computed");
  }
  const Shape in = shapes[size_t(l.inputs[0])];
  const auto weights = [&](std::vector<int64_t> shape, int64_t n_bias) {
    if (l.weight_shape != shape) return false;
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return int64_t(l.weight.size()) == n && int64_t(l.bias.size()) == n_bias;
  };
  if (l.stride_h < 1 || l.stride_w < 1 || l.stride_h > 64 || l.stride_w > 64) return fail("stride out of range");
  switch (l.op) {
    case LayerOp::Conv2d:
    case LayerOp::DepthwiseConv2d: {
      const bool depthwise = l.op == LayerOp::DepthwiseConv2d;
      if (l.weight_shape.size() != (depthwise ? 3u : 4u)) return fail("weights of rank " + std::to_string(l.weight_shape.size()));
      const int64_t kh = l.weight_shape[depthwise ? 0 : 1], kw = l.weight_shape[depthwise ? 1 : 2];
      const int64_t out_c = depthwise ? in.c : l.weight_shape[0];
      if (!(depthwise ? weights({kh, kw, in.c}, in.c) : weights({out_c, kh, kw, in.c}, out_c)) || kh < 1 || kw < 1 ||
          kh > 64 || kw > 64 || out_c < 1 || out_c > 65536) {
        return fail("weights do not fit an input of " + std::to_string(in.c) + " channels");
      }
      const auto [oh, ph] = conv_extent(in.h, kh, l.stride_h, l.same_padding);
      const auto [ow, pw] = conv_extent(in.w, kw, l.stride_w, l.same_padding);
      if (oh < 1 || ow < 1) return fail("the input is smaller than the kernel");
      return {oh, ow, out_c};
    }
    case LayerOp::Pad:
      for (int64_t p : l.padding) {
        if (p < 0 || p > 1024) return fail("padding out of range");
      }
      return {in.h + l.padding[0] + l.padding[1], in.w + l.padding[2] + l.padding[3], in.c};
    case LayerOp::Add:
      if (shapes[size_t(l.inputs[1])] != in) return fail("adds values of different shapes");
      return in;
    case LayerOp::GlobalMaxPool:
      return {1, 1, in.c};
    case LayerOp::Dense:
      if (l.weight_shape.size() != 2 || l.weight_shape[1] != in.size() || l.weight_shape[0] < 1 ||
          l.weight_shape[0] > 65536 || !weights(l.weight_shape, l.weight_shape[0])) {
        return fail("weights do not fit an input of " + std::to_string(in.size()) + " values");
      }
      return {1, 1, l.weight_shape[0]};
    case LayerOp::L2Normalize:
      return in;
  }
  return fail("unknown operation");
}

float activate(float x, Activation a) {
  switch (a) {
    case Activation::Relu: return std::max(x, 0.0f);
    case Activation::Relu6: return std::clamp(x, 0.0f, 6.0f);
    case Activation::None: break;
  }
  return x;
}

/// Convolution (depthwise or full) of `in` -> out [oh, ow, C_out]; weights in TFLite's layouts.
void convolve(const GraphLayer& l, const Value& in, Value& out) {
  const bool depthwise = l.op == LayerOp::DepthwiseConv2d;
  const int64_t kh = l.weight_shape[depthwise ? 0 : 1], kw = l.weight_shape[depthwise ? 1 : 2];
  const int64_t out_c = out.shape.c, in_c = in.shape.c;
  const int64_t pad_top = conv_extent(in.shape.h, kh, l.stride_h, l.same_padding).second;
  const int64_t pad_left = conv_extent(in.shape.w, kw, l.stride_w, l.same_padding).second;
  // Full convolution: weights [out, kh, kw, in] transposed to [kh, kw, in, out] so the innermost loop runs
  // over contiguous output channels.
  std::vector<float> wt;
  if (!depthwise) {
    wt.resize(l.weight.size());
    for (int64_t o = 0; o < out_c; ++o)
      for (int64_t k = 0; k < kh * kw * in_c; ++k) wt[size_t(k * out_c + o)] = l.weight[size_t(o * kh * kw * in_c + k)];
  }
  for (int64_t y = 0; y < out.shape.h; ++y) {
    for (int64_t x = 0; x < out.shape.w; ++x) {
      float* acc = out.data.data() + (y * out.shape.w + x) * out_c;
      std::copy(l.bias.begin(), l.bias.end(), acc);
      for (int64_t ky = 0; ky < kh; ++ky) {
        const int64_t sy = y * l.stride_h + ky - pad_top;
        if (sy < 0 || sy >= in.shape.h) continue;
        for (int64_t kx = 0; kx < kw; ++kx) {
          const int64_t sx = x * l.stride_w + kx - pad_left;
          if (sx < 0 || sx >= in.shape.w) continue;
          const float* src = in.data.data() + (sy * in.shape.w + sx) * in_c;
          if (depthwise) {
            const float* w = l.weight.data() + (ky * kw + kx) * in_c;
            for (int64_t c = 0; c < in_c; ++c) acc[c] += src[c] * w[c];
          } else {
            const float* w = wt.data() + (ky * kw + kx) * in_c * out_c;
            for (int64_t i = 0; i < in_c; ++i) {
              const float a = src[i];
              const float* wi = w + i * out_c;
              for (int64_t o = 0; o < out_c; ++o) acc[o] += a * wi[o];
            }
          }
        }
      }
    }
  }
}

void run_layer(const GraphLayer& l, const std::vector<Value>& values, Value& out) {
  const Value& in = values[size_t(l.inputs[0])];
  switch (l.op) {
    case LayerOp::Conv2d:
    case LayerOp::DepthwiseConv2d:
      convolve(l, in, out);
      break;
    case LayerOp::Pad:
      for (int64_t y = 0; y < in.shape.h; ++y) {
        const float* src = in.data.data() + y * in.shape.w * in.shape.c;
        float* dst = out.data.data() + ((y + l.padding[0]) * out.shape.w + l.padding[2]) * out.shape.c;
        std::copy(src, src + in.shape.w * in.shape.c, dst);
      }
      break;
    case LayerOp::Add: {
      const Value& other = values[size_t(l.inputs[1])];
      for (size_t i = 0; i < out.data.size(); ++i) out.data[i] = in.data[i] + other.data[i];
      break;
    }
    case LayerOp::GlobalMaxPool:
      std::fill(out.data.begin(), out.data.end(), -INFINITY);
      for (int64_t p = 0; p < in.shape.h * in.shape.w; ++p)
        for (int64_t c = 0; c < in.shape.c; ++c) out.data[size_t(c)] = std::max(out.data[size_t(c)], in.data[size_t(p * in.shape.c + c)]);
      break;
    case LayerOp::Dense: {
      const int64_t n_in = in.shape.size();
      for (int64_t o = 0; o < out.shape.c; ++o) {
        float sum = l.bias[size_t(o)];
        for (int64_t i = 0; i < n_in; ++i) sum += l.weight[size_t(o * n_in + i)] * in.data[size_t(i)];
        out.data[size_t(o)] = sum;
      }
      break;
    }
    case LayerOp::L2Normalize: {
      // TFLite's L2_NORMALIZATION: x / max(‖x‖, 1e-6).
      double sum = 0.0;
      for (float v : in.data) sum += double(v) * v;
      const float norm = std::max(float(std::sqrt(sum)), 1e-6f);
      for (size_t i = 0; i < out.data.size(); ++i) out.data[i] = in.data[i] / norm;
      break;
    }
  }
  if (l.activation != Activation::None) {
    for (float& v : out.data) v = activate(v, l.activation);
  }
}

template <typename Enum, size_t N>
Enum parse_name(const std::string& name, const char* const (&names)[N], const std::string& where) {
  for (size_t i = 0; i < N; ++i) {
    if (name == names[i]) return Enum(i);
  }
  throw InputError(where + ": graph names an unknown operation or activation '" + name + "'");
}

}  // namespace

int64_t validate_graph(const GraphNetwork& graph, const std::string& where) {
  if (graph.input_size < 1 || graph.input_size > 4096) throw InputError(where + ": graph input size out of range");
  if (graph.layers.empty()) throw InputError(where + ": graph has no layers");
  std::vector<Shape> shapes{{graph.input_size, graph.input_size, 3}};
  for (size_t i = 0; i < graph.layers.size(); ++i) {
    const Shape s = output_shape(graph.layers[i], shapes, where, i);
    if (s.size() > (int64_t(1) << 28)) throw InputError(where + ": graph layer " + std::to_string(i) + " is too large");
    shapes.push_back(s);
  }
  return shapes.back().size();
}

std::vector<float> GraphNetwork::forward(const cv::Mat& rgb) const {
  if (rgb.type() != CV_8UC3 || rgb.rows != input_size || rgb.cols != input_size) {
    throw InputError("the network takes an 8-bit RGB picture of " + std::to_string(input_size) + " x " +
                     std::to_string(input_size) + " pixels");
  }
  // Value i is dropped after the last layer that reads it, so memory stays at a few activations.
  std::vector<size_t> last_use(layers.size() + 1, 0);
  for (size_t i = 0; i < layers.size(); ++i)
    for (int32_t v : layers[i].inputs) last_use[size_t(v)] = i;
  std::vector<Value> values(layers.size() + 1);
  std::vector<Shape> shapes{{input_size, input_size, 3}};
  Value& input = values[0];
  input.shape = shapes[0];
  input.data.resize(size_t(input.shape.size()));
  for (int64_t y = 0; y < input_size; ++y) {
    const uint8_t* row = rgb.ptr<uint8_t>(int(y));
    for (int64_t k = 0; k < input_size * 3; ++k) input.data[size_t(y * input_size * 3 + k)] = float(row[k]) * input_scale + input_offset;
  }
  for (size_t i = 0; i < layers.size(); ++i) {
    Value& out = values[i + 1];
    out.shape = output_shape(layers[i], shapes, "graph", i);
    shapes.push_back(out.shape);
    out.data.assign(size_t(out.shape.size()), 0.0f);
    run_layer(layers[i], values, out);
    for (int32_t v : layers[i].inputs) {
      if (last_use[size_t(v)] == i) std::vector<float>().swap(values[size_t(v)].data);
    }
  }
  return values.back().data;
}

std::vector<float> GraphNetwork::embed(const cv::Mat& bgr) const {
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  return forward(pil_bicubic_resize(rgb, input_size, input_size));
}

bool holds_graph(const io::Safetensors& st) {
  const auto it = st.metadata.find("architecture");
  return it != st.metadata.end() && it->second == kGraphArchitecture;
}

void store_graph(const GraphNetwork& graph, io::Safetensors& st) {
  nlohmann::json layers = nlohmann::json::array();
  for (size_t i = 0; i < graph.layers.size(); ++i) {
    const GraphLayer& l = graph.layers[i];
    nlohmann::json j = {{"op", kOpNames[int(l.op)]}, {"inputs", l.inputs}, {"activation", kActivationNames[int(l.activation)]}};
    if (l.op == LayerOp::Conv2d || l.op == LayerOp::DepthwiseConv2d) {
      j["stride"] = {l.stride_h, l.stride_w};
      j["padding"] = l.same_padding ? "same" : "valid";
    }
    if (l.op == LayerOp::Pad) j["pad"] = l.padding;
    const std::string name = "graph." + std::to_string(i);
    if (!l.weight_shape.empty()) st.tensors[name + ".weight"] = io::StoredTensor::from_float(l.weight_shape, l.weight);
    if (!l.bias.empty()) st.tensors[name + ".bias"] = io::StoredTensor::from_float({int64_t(l.bias.size())}, l.bias);
    layers.push_back(std::move(j));
  }
  st.metadata["graph"] = nlohmann::json{{"input_size", graph.input_size}, {"input_scale", graph.input_scale},
                                        {"input_offset", graph.input_offset}, {"layers", layers}}.dump();
}

GraphNetwork read_graph(const io::Safetensors& st, const std::string& where) {
  const auto it = st.metadata.find("graph");
  if (it == st.metadata.end()) throw InputError(where + ": no metadata 'graph'");
  GraphNetwork g;
  try {
    const auto j = nlohmann::json::parse(it->second);
    g.input_size = j.at("input_size").get<int64_t>();
    g.input_scale = j.at("input_scale").get<float>();
    g.input_offset = j.at("input_offset").get<float>();
    for (const auto& lj : j.at("layers")) {
      GraphLayer l;
      l.op = parse_name<LayerOp>(lj.at("op").get<std::string>(), kOpNames, where);
      l.inputs = lj.at("inputs").get<std::vector<int32_t>>();
      l.activation = parse_name<Activation>(lj.at("activation").get<std::string>(), kActivationNames, where);
      if (lj.contains("stride")) {
        const auto s = lj.at("stride").get<std::vector<int64_t>>();
        if (s.size() != 2) throw InputError(where + ": graph stride needs two numbers");
        l.stride_h = s[0];
        l.stride_w = s[1];
        l.same_padding = lj.at("padding").get<std::string>() == "same";
      }
      if (lj.contains("pad")) l.padding = lj.at("pad").get<std::array<int64_t, 4>>();
      const std::string name = "graph." + std::to_string(g.layers.size());
      if (const auto w = st.tensors.find(name + ".weight"); w != st.tensors.end()) {
        l.weight_shape = w->second.shape;
        l.weight = w->second.to_float();
      }
      if (const auto b = st.tensors.find(name + ".bias"); b != st.tensors.end()) l.bias = b->second.to_float();
      g.layers.push_back(std::move(l));
    }
  } catch (const nlohmann::json::exception& e) {
    throw InputError(where + ": metadata 'graph' is malformed (" + e.what() + ")");
  }
  validate_graph(g, where);
  return g;
}

}  // namespace vec2midi::vision
