#include "vision/plain_embedder.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "io/error.hpp"
#include "io/model_file.hpp"
#include "io/safetensors.hpp"
#include "vision/colour_class.hpp"
#include "vision/embedder_file.hpp"
#include "vision/input_planes.hpp"

namespace vec2midi::vision {
namespace {

// The colour centres of an embedder file: mean and std, [9, E] each.
ColourCentres read_centres(const io::ModelFile& source, int64_t e) {
  return {.embedding_size = e, .mean = source.floats("centres.mean", {kNumClasses, e}),
          .std = source.floats("centres.std", {kNumClasses, e})};
}

constexpr float kBatchNormEps = 1e-5f;  // torch::nn::BatchNorm2d's default eps
constexpr float kRelu6 = 6.0f;

/// in [C_in, H, W] -> out [C_out, H', W'] with H' = (H + 2 - k) / stride + 1 (zero padding (k - 1) / 2),
/// then clamp to [0, 6] (ReLU6). Depthwise: one k x k filter per channel.
void conv_relu6(const std::vector<float>& in, int64_t height, int64_t width, int64_t in_channels,
                int64_t out_channels, int64_t kernel, int64_t stride, bool depthwise, const std::vector<float>& weight,
                const std::vector<float>& bias, std::vector<float>& out, int64_t& out_height, int64_t& out_width) {
  const int64_t pad = (kernel - 1) / 2;
  out_height = (height + 2 * pad - kernel) / stride + 1;
  out_width = (width + 2 * pad - kernel) / stride + 1;
  const int64_t plane = out_height * out_width;
  out.assign(size_t(out_channels * plane), 0.0f);
  if (kernel == 1 && stride == 1 && !depthwise) {
    // Pointwise: out[o] = Σ_i w[o, i] · in[i] over whole planes (vectorises over pixels).
    for (int64_t o = 0; o < out_channels; ++o) {
      float* dst = out.data() + o * plane;
      for (int64_t i = 0; i < in_channels; ++i) {
        const float w = weight[size_t(o * in_channels + i)];
        const float* src = in.data() + i * plane;
        for (int64_t p = 0; p < plane; ++p) dst[p] += w * src[p];
      }
    }
  } else {
    const int64_t group_in = depthwise ? 1 : in_channels;
    for (int64_t o = 0; o < out_channels; ++o) {
      float* dst = out.data() + o * plane;
      for (int64_t gi = 0; gi < group_in; ++gi) {
        const int64_t i = depthwise ? o : gi;
        const float* src = in.data() + i * height * width;
        const float* w = weight.data() + (o * group_in + gi) * kernel * kernel;
        for (int64_t y = 0; y < out_height; ++y) {
          for (int64_t x = 0; x < out_width; ++x) {
            float sum = 0.0f;
            for (int64_t ky = 0; ky < kernel; ++ky) {
              const int64_t sy = y * stride + ky - pad;
              if (sy < 0 || sy >= height) continue;
              for (int64_t kx = 0; kx < kernel; ++kx) {
                const int64_t sx = x * stride + kx - pad;
                if (sx < 0 || sx >= width) continue;
                sum += w[ky * kernel + kx] * src[sy * width + sx];
              }
            }
            dst[y * out_width + x] += sum;
          }
        }
      }
    }
  }
  for (int64_t o = 0; o < out_channels; ++o) {
    float* dst = out.data() + o * plane;
    for (int64_t p = 0; p < plane; ++p) dst[p] = std::clamp(dst[p] + bias[size_t(o)], 0.0f, kRelu6);
  }
}

}  // namespace

PlainEmbedder::PlainEmbedder(const std::filesystem::path& path) {
  const io::ModelFile source(path, embedder_kind());
  const io::Safetensors& st = source.file();
  const std::string& where = source.where();
  options_ = EmbedderOptions::from_json_string(source.metadata("embedder"));
  if (holds_graph(st)) {
    graph_ = std::make_shared<const GraphNetwork>(read_graph(st, where));
    options_.input_size = graph_->input_size;
    options_.embedding_size = validate_graph(*graph_, where);
    centres_ = read_centres(source, options_.embedding_size);
    return;
  }
  // A conv + BatchNorm pair under `conv` and `bn`: w'[o] = w[o]·γ/√(var + ε), b'[o] = β − mean·γ/√(var + ε).
  const auto folded = [&](const std::string& conv, const std::string& bn, int64_t in, int64_t out, int64_t kernel,
                          int64_t stride, bool depthwise) {
    FoldedConv f{.in_channels = in, .out_channels = out, .kernel = kernel, .stride = stride, .depthwise = depthwise,
                 .weight = source.floats(conv + ".weight", {out, depthwise ? 1 : in, kernel, kernel}), .bias = {}};
    const std::vector<float> gamma = source.floats(bn + ".weight", {out});
    const std::vector<float> beta = source.floats(bn + ".bias", {out});
    const std::vector<float> mean = source.floats(bn + ".running_mean", {out});
    const std::vector<float> var = source.floats(bn + ".running_var", {out});
    const size_t per_output = f.weight.size() / size_t(out);
    for (size_t o = 0; o < size_t(out); ++o) {
      const float scale = gamma[o] / std::sqrt(var[o] + kBatchNormEps);
      for (size_t k = 0; k < per_output; ++k) f.weight[o * per_output + k] *= scale;
      f.bias.push_back(beta[o] - mean[o] * scale);
    }
    return f;
  };
  const int64_t stem = stem_channels(options_);
  layers_.push_back(folded("net.stem", "net.stem_bn", 3, stem, 3, 2, false));
  int64_t channels = stem;
  const std::vector<SeparableStage> plan = separable_plan(options_);
  for (size_t b = 0; b < plan.size(); ++b) {
    const std::string block = "net.blocks." + std::to_string(b);
    const SeparableStage& s = plan[b];
    layers_.push_back(folded(block + ".depthwise", block + ".bn_depthwise", s.in_channels, s.in_channels, 3, s.stride, true));
    layers_.push_back(folded(block + ".pointwise", block + ".bn_pointwise", s.in_channels, s.out_channels, 1, 1, false));
    channels = s.out_channels;
  }
  if (options_.pooling == "attention") {
    attention_weight_ = source.floats("net.attention.weight", {1, channels, 1, 1});
    attention_bias_ = source.floats("net.attention.bias", {1}).front();
  }
  const int64_t e = options_.embedding_size;
  head_weight_ = source.floats("net.head.weight", {e, channels});
  head_bias_ = source.floats("net.head.bias", {e});
  centres_ = read_centres(source, e);
}

std::vector<float> PlainEmbedder::embed(const cv::Mat& bgr) const {
  if (graph_) return graph_->embed(bgr);
  // [3, S, S] -> stem [C0, S/2, S/2] -> blocks ... [C, S/32, S/32] -> mean or attention pooling [C] -> head [E] -> L2-normalised
  const int64_t size = options_.input_size;
  std::vector<float> x(size_t(3 * size * size)), y;
  write_input_planes(bgr, size, x.data());
  int64_t height = size, width = size;
  for (const FoldedConv& layer : layers_) {
    int64_t out_height = 0, out_width = 0;
    conv_relu6(x, height, width, layer.in_channels, layer.out_channels, layer.kernel, layer.stride, layer.depthwise,
               layer.weight, layer.bias, y, out_height, out_width);
    std::swap(x, y);
    height = out_height;
    width = out_width;
  }
  const int64_t channels = layers_.back().out_channels, plane = height * width;
  // Each position's weight: 1 / plane (mean pooling), or the softmax of its attention score.
  std::vector<float> weight(static_cast<size_t>(plane), 1.0f / float(plane));
  if (!attention_weight_.empty()) {
    float largest = -INFINITY;
    for (int64_t p = 0; p < plane; ++p) {
      float score = attention_bias_;
      for (int64_t c = 0; c < channels; ++c) score += attention_weight_[size_t(c)] * x[size_t(c * plane + p)];
      weight[size_t(p)] = score;
      largest = std::max(largest, score);
    }
    float total = 0.0f;
    for (float& w : weight) total += (w = std::exp(w - largest));
    for (float& w : weight) w /= total;
  }
  std::vector<float> pooled(static_cast<size_t>(channels));
  for (int64_t c = 0; c < channels; ++c) {
    float sum = 0.0f;
    for (int64_t p = 0; p < plane; ++p) sum += weight[size_t(p)] * x[size_t(c * plane + p)];
    pooled[size_t(c)] = sum;
  }
  const int64_t e = options_.embedding_size;
  std::vector<float> out(static_cast<size_t>(e));
  double norm2 = 0.0;
  for (int64_t k = 0; k < e; ++k) {
    float v = head_bias_[size_t(k)];
    for (int64_t c = 0; c < channels; ++c) v += head_weight_[size_t(k * channels + c)] * pooled[size_t(c)];
    out[size_t(k)] = v;
    norm2 += double(v) * v;
  }
  // F::normalize(p = 2, eps = 1e-12): x / max(‖x‖, eps)
  const float norm = std::max(float(std::sqrt(norm2)), 1e-12f);
  for (float& v : out) v /= norm;
  return out;
}

}  // namespace vec2midi::vision
