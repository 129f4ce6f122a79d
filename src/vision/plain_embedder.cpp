#include "vision/plain_embedder.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <exception>
#include <string>
#include <thread>

#include "io/error.hpp"
#include "io/model_file.hpp"
#include "io/safetensors.hpp"
#include "vision/colour_class.hpp"
#include "vision/embedder_file.hpp"
#include "vision/image_io.hpp"
#include "vision/input_planes.hpp"

namespace vec2midi::vision {
namespace {

// The colour centres of an embedder file: mean and std, [9, E] each.
ColourCentres read_centres(const io::ModelFile& source, int64_t e) {
  return {.embedding_size = e, .mean = source.floats("centres.mean", {kNumClasses, e}),
          .std = source.floats("centres.std", {kNumClasses, e})};
}

constexpr float kBatchNormEps = 1e-5f;  // torch::nn::BatchNorm2d's default eps (our MobileNet)
constexpr float kKerasBatchNormEps = 1e-3f;  // Keras's, which the mobilenet_v2 backbone keeps (inverted_residual.hpp)
constexpr float kRelu6 = 6.0f;
constexpr int64_t kLanes = 8;  // channel counts are padded to a multiple of this (the widest vector's floats)

int64_t padded(int64_t channels) { return (channels + kLanes - 1) / kLanes * kLanes; }

// Vectors of floats with GCC/Clang vector extensions: 8 (one AVX register) on CPUs with AVX2 and FMA, chosen at
// run time as lstm_gates.cpp does, else 4 (SSE2, which every x86-64 has). The U types read and write memory with
// float alignment.
using Vec8 = float __attribute__((vector_size(32)));
using Vec8U = float __attribute__((vector_size(32), aligned(4), may_alias));
using Vec4 = float __attribute__((vector_size(16)));
using Vec4U = float __attribute__((vector_size(16), aligned(4), may_alias));

bool has_avx2_fma() {
#if defined(__x86_64__)
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
#else
  return false;
#endif
}

// Rows [R] x columns [lanes·V] of a pointwise layer, kept in registers over the whole sum (AVX2: R = 6, V = 2, 12 of
// its 16 registers): y[r, :] = ReLU6(b + Σ_k x[r, k]·w[k, :]). x has ldx floats a row, w `n`, y `ldy`.
template <typename Vec, typename VecU, int R, int V, bool kClamp>
[[gnu::always_inline]] inline void pointwise_tile(const float* x, int64_t ldx, int64_t k_count, const float* w,
                                                  int64_t n, const float* b, float* y, int64_t ldy) {
  Vec acc[R][V];
  const Vec zero = {}, six = zero + kRelu6;
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 2
    for (int v = 0; v < V; ++v) acc[r][v] = reinterpret_cast<const VecU*>(b)[v];
  for (int64_t k = 0; k < k_count; ++k) {
    const auto* wk = reinterpret_cast<const VecU*>(w + k * n);
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
      const float xr = x[r * ldx + k];
#pragma GCC unroll 2
      for (int v = 0; v < V; ++v) acc[r][v] += xr * wk[v];
    }
  }
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r) {
    auto* yr = reinterpret_cast<VecU*>(y + r * ldy);
#pragma GCC unroll 2
    for (int v = 0; v < V; ++v) {
      if constexpr (kClamp) {
        const Vec low = acc[r][v] < zero ? zero : acc[r][v];  // std::clamp's order: NaN stays NaN
        yr[v] = low > six ? six : low;
      } else {
        yr[v] = acc[r][v];
      }
    }
  }
}

// All rows of the columns [0, lanes·V) of w, b and y (pointers already moved to the first column).
template <typename Vec, typename VecU, int R, int V, bool kClamp>
[[gnu::always_inline]] inline void pointwise_columns(int64_t rows, const float* x, int64_t ldx, int64_t k_count,
                                                     const float* w, int64_t n, const float* b, float* y) {
  int64_t r = 0;
  for (; r + R <= rows; r += R) pointwise_tile<Vec, VecU, R, V, kClamp>(x + r * ldx, ldx, k_count, w, n, b, y + r * n, n);
  for (; r < rows; ++r) pointwise_tile<Vec, VecU, 1, V, kClamp>(x + r * ldx, ldx, k_count, w, n, b, y + r * n, n);
}

// pointwise() with vectors of `Vec`, tiles of R rows x 2 vectors; n a multiple of kLanes.
template <typename Vec, typename VecU, int R, bool kClamp>
[[gnu::always_inline]] inline void pointwise_all(int64_t rows, const float* x, int64_t ldx, int64_t k_count,
                                                 const float* w, int64_t n, const float* b, float* y) {
  constexpr int64_t kWidth = 2 * int64_t(sizeof(Vec) / sizeof(float));
  int64_t c = 0;
  for (; c + kWidth <= n; c += kWidth) {
    pointwise_columns<Vec, VecU, R, 2, kClamp>(rows, x, ldx, k_count, w + c, n, b + c, y + c);
  }
  if (c < n) pointwise_columns<Vec, VecU, R, 1, kClamp>(rows, x, ldx, k_count, w + c, n, b + c, y + c);
}

template <bool kClamp>  // ReLU6 after the sum, else linear (not named kRelu6: that is the 6 it clamps at)
[[gnu::target("avx2,fma")]] void pointwise_avx2(int64_t rows, const float* x, int64_t ldx, int64_t k_count,
                                                const float* w, int64_t n, const float* b, float* y) {
  pointwise_all<Vec8, Vec8U, 6, kClamp>(rows, x, ldx, k_count, w, n, b, y);
}

/// A 1x1 convolution as a matrix product over pixels: y[p, :] = ReLU6(b + x[p, :K]·w) for p < rows (linear:
/// without the ReLU6), x with ldx floats a row, w [K, N] and y [rows, N] row-major, N a multiple of kLanes.
void pointwise(int64_t rows, const float* x, int64_t ldx, int64_t k_count, const float* w, int64_t n, const float* b,
               float* y, bool relu6 = true) {
  if (has_avx2_fma()) {
    return relu6 ? pointwise_avx2<true>(rows, x, ldx, k_count, w, n, b, y)
                 : pointwise_avx2<false>(rows, x, ldx, k_count, w, n, b, y);
  }
  if (relu6) return pointwise_all<Vec4, Vec4U, 4, true>(rows, x, ldx, k_count, w, n, b, y);
  pointwise_all<Vec4, Vec4U, 4, false>(rows, x, ldx, k_count, w, n, b, y);
}

// One output pixel of a depthwise 3x3 layer whose taps start at input (y0, x0): out[:] = ReLU6(b + Σ_t w[t, :]·in).
// kChecked skips the taps outside the picture (the zero padding); without it every tap must be inside.
template <typename Vec, typename VecU, bool kChecked>
[[gnu::always_inline]] inline void depthwise_pixel(const float* in, int64_t height, int64_t width, int64_t channels,
                                                   int64_t y0, int64_t x0, const float* w, const float* b, float* out) {
  const Vec zero = {}, six = zero + kRelu6;
  for (int64_t c = 0; c < channels; c += int64_t(sizeof(Vec) / sizeof(float))) {
    Vec acc = *reinterpret_cast<const VecU*>(b + c);
#pragma GCC unroll 3
    for (int64_t ky = 0; ky < 3; ++ky) {
      if (kChecked && (y0 + ky < 0 || y0 + ky >= height)) continue;
#pragma GCC unroll 3
      for (int64_t kx = 0; kx < 3; ++kx) {
        if (kChecked && (x0 + kx < 0 || x0 + kx >= width)) continue;
        acc += *reinterpret_cast<const VecU*>(w + (ky * 3 + kx) * channels + c) *
               *reinterpret_cast<const VecU*>(in + ((y0 + ky) * width + x0 + kx) * channels + c);
      }
    }
    const Vec low = acc < zero ? zero : acc;
    *reinterpret_cast<VecU*>(out + c) = low > six ? six : low;
  }
}

/// Zero rows (columns) above (left of) the picture of a depthwise layer: 1 (padding 1 all round), or with Keras's
/// stride-2 padding 1 on odd sides and 0 on even ones (the padding then sits at the bottom and right only).
int64_t padding_before(int64_t size, bool keras_padding) { return keras_padding ? size % 2 : 1; }

// depthwise_relu6() with vectors of `Vec`: the border pixels with bounds checks, the interior ones (all nine taps
// inside: o·stride - pad >= 0 and o·stride - pad + 2 <= size - 1) without.
template <typename Vec, typename VecU>
[[gnu::always_inline]] inline void depthwise_all(const float* in, int64_t height, int64_t width, int64_t channels,
                                                 int64_t stride, int64_t pad_y, int64_t pad_x, const float* w,
                                                 const float* b, float* out) {
  const int64_t out_height = (height - 1) / stride + 1, out_width = (width - 1) / stride + 1;
  const auto interior_begin = [&](int64_t pad) { return (pad + stride - 1) / stride; };
  const auto interior_end = [&](int64_t size, int64_t pad, int64_t n_out) {
    const int64_t begin = std::min(interior_begin(pad), n_out);
    return size - 3 + pad < 0 ? begin : std::clamp<int64_t>((size - 3 + pad) / stride + 1, begin, n_out);
  };
  const int64_t y_begin = interior_begin(pad_y), x_interior = std::min(interior_begin(pad_x), out_width);
  const int64_t y_end = interior_end(height, pad_y, out_height), x_end = interior_end(width, pad_x, out_width);
  for (int64_t y = 0; y < out_height; ++y) {
    float* row = out + y * out_width * channels;
    const int64_t y0 = y * stride - pad_y;
    const int64_t x_begin = y < y_begin || y >= y_end ? out_width : x_interior;  // border rows: every pixel checked
    for (int64_t x = 0; x < std::min(x_begin, out_width); ++x)
      depthwise_pixel<Vec, VecU, true>(in, height, width, channels, y0, x * stride - pad_x, w, b, row + x * channels);
    for (int64_t x = x_begin; x < x_end; ++x)
      depthwise_pixel<Vec, VecU, false>(in, height, width, channels, y0, x * stride - pad_x, w, b, row + x * channels);
    for (int64_t x = std::max(x_begin, x_end); x < out_width; ++x)
      depthwise_pixel<Vec, VecU, true>(in, height, width, channels, y0, x * stride - pad_x, w, b, row + x * channels);
  }
}

[[gnu::target("avx2,fma")]] void depthwise_avx2(const float* in, int64_t height, int64_t width, int64_t channels,
                                                int64_t stride, int64_t pad_y, int64_t pad_x, const float* w,
                                                const float* b, float* out) {
  depthwise_all<Vec8, Vec8U>(in, height, width, channels, stride, pad_y, pad_x, w, b, out);
}

/// Depthwise 3x3 with zero padding: in [H, W, C] -> out [H', W', C], H' = (H - 1) / stride + 1, the taps of output
/// (y, x) starting at input (y·stride - pad_y, x·stride - pad_x); w [9, C], C a multiple of kLanes.
void depthwise_relu6(const float* in, int64_t height, int64_t width, int64_t channels, int64_t stride, int64_t pad_y,
                     int64_t pad_x, const float* w, const float* b, float* out) {
  if (has_avx2_fma()) return depthwise_avx2(in, height, width, channels, stride, pad_y, pad_x, w, b, out);
  depthwise_all<Vec4, Vec4U>(in, height, width, channels, stride, pad_y, pad_x, w, b, out);
}

}  // namespace

// Per-thread scratch: the zero-bordered input [S + 2, S + 2, 3], the stem's patches of one output row [S', 27],
// the activations of two consecutive layers [pixels, padded channels] and a residual block's input. Reused from one
// picture to the next.
struct PlainEmbedder::Scratch {
  std::vector<float> image, patches, a, b, kept;  // kept: a residual block's input (mobilenet_v2)
};

namespace {

/// `bgr` resized as write_input_planes() does and written channels-last with a border of one zero pixel:
/// image [size + 2, size + 2, 3] in RGB order, each value x / 127.5 - 1 (the same floats as the planes).
void write_bordered_input(const cv::Mat& bgr, int64_t size, std::vector<float>& image) {
  const int64_t side = size + 2;
  image.assign(size_t(side * side * 3), 0.0f);
  write_input_values(bgr, size, {.row = side * 3, .pixel = 3, .channel = 1}, image.data() + (side + 1) * 3);
}

/// The picture inside the bordered image moved from [-1, 1] to [0, 1] ((x + 1) / 2, as the libtorch network does
/// for mobilenet_v2, which was pretrained on [0, 1] pixels); the zero border stays zero.
void to_unit_range(int64_t size, std::vector<float>& image) {
  const int64_t side = size + 2;
  for (int64_t y = 1; y <= size; ++y) {
    float* row = image.data() + (y * side + 1) * 3;
    for (int64_t k = 0; k < size * 3; ++k) row[k] = (row[k] + 1.0f) * 0.5f;
  }
}

/// The stem, 3x3 stride 2 with zero padding: bordered image [S + 2, S + 2, 3] -> out [S', S', N],
/// S' = (S - 1) / 2 + 1, the taps of output (y, x) starting at picture (2y - pad, 2x - pad) (padding_before()).
/// One output row at a time: its 3x3x3 patches gathered into `patches` (im2col), then one pointwise product.
void stem_relu6(const float* image, int64_t size, int64_t pad, const float* w, const float* b, int64_t n,
                std::vector<float>& patches, float* out) {
  constexpr int64_t kPatch = 27, kRow = 9;  // a patch: 3 rows of 3 pixels x 3 channels
  const int64_t out_size = (size - 1) / 2 + 1, side = size + 2;
  patches.resize(size_t(out_size * kPatch));
  for (int64_t y = 0; y < out_size; ++y) {
    for (int64_t x = 0; x < out_size; ++x) {
      for (int64_t ky = 0; ky < 3; ++ky) {  // bordered (2y + ky + 1 - pad, ·) is unpadded (2y + ky - pad, ·)
        std::memcpy(patches.data() + x * kPatch + ky * kRow, image + ((2 * y + ky + 1 - pad) * side + 2 * x + 1 - pad) * 3,
                    kRow * sizeof(float));
      }
    }
    pointwise(out_size, patches.data(), kPatch, kPatch, w, n, b, out + y * out_size * n);
  }
}

}  // namespace

PlainEmbedder::PlainEmbedder(const std::filesystem::path& path) {
  const io::ModelFile source(path, embedder_kind());
  const io::Safetensors& st = source.file();
  const std::string& where = source.where();
  options_ = EmbedderOptions::from_json_string(source.metadata("embedder"));
  view_ = read_embedder_view(source);
  if (holds_graph(st)) {
    graph_ = std::make_shared<const GraphNetwork>(read_graph(st, where));
    options_.input_size = graph_->input_size;
    options_.embedding_size = validate_graph(*graph_, where);
    centres_ = read_centres(source, options_.embedding_size);
    return;
  }
  using Kind = ChannelsLastConv::Kind;
  const bool v2 = options_.backbone == "mobilenet_v2";
  const float eps = v2 ? kKerasBatchNormEps : kBatchNormEps;
  // A conv + BatchNorm pair under `conv` and `bn`: w'[o] = w[o]·γ/√(var + ε), b'[o] = β − mean·γ/√(var + ε), then
  // laid out channels-last (ChannelsLastConv) with zero rows and columns for the padded channels.
  const auto folded = [&](const std::string& conv, const std::string& bn, Kind kind, int64_t in, int64_t out,
                          int64_t stride) {
    const int64_t group_in = kind == Kind::kDepthwise ? 1 : in, kernel = kind == Kind::kPointwise ? 1 : 3;
    const int64_t taps = kernel * kernel;
    const std::vector<float> weight = source.floats(conv + ".weight", {out, group_in, kernel, kernel});
    const std::vector<float> gamma = source.floats(bn + ".weight", {out});
    const std::vector<float> beta = source.floats(bn + ".bias", {out});
    const std::vector<float> mean = source.floats(bn + ".running_mean", {out});
    const std::vector<float> var = source.floats(bn + ".running_var", {out});
    ChannelsLastConv c{.kind = kind, .in_channels = kind == Kind::kStem ? in : padded(in),
                       .out_channels = padded(out), .stride = stride, .weight = {}, .bias = {}};
    const int64_t rows = kind == Kind::kStem ? taps * in : kind == Kind::kDepthwise ? taps : c.in_channels;
    c.weight.assign(size_t(rows * c.out_channels), 0.0f);
    c.bias.assign(size_t(c.out_channels), 0.0f);
    for (int64_t o = 0; o < out; ++o) {
      const float scale = gamma[size_t(o)] / std::sqrt(var[size_t(o)] + eps);
      c.bias[size_t(o)] = beta[size_t(o)] - mean[size_t(o)] * scale;
      for (int64_t i = 0; i < group_in; ++i) {
        for (int64_t t = 0; t < taps; ++t) {
          const int64_t row = kind == Kind::kStem ? t * in + i : kind == Kind::kDepthwise ? t : i;
          c.weight[size_t(row * c.out_channels + o)] = weight[size_t((o * group_in + i) * taps + t)] * scale;
        }
      }
    }
    return c;
  };
  const int64_t stem = stem_channels(options_);
  layers_.push_back(folded("net.stem", "net.stem_bn", Kind::kStem, 3, stem, 2));
  channels_ = stem;
  if (v2) {
    layers_.front().keras_padding = true;
    const std::vector<InvertedResidualStage> plan = inverted_residual_plan(options_);
    for (size_t b = 0; b < plan.size(); ++b) {
      const std::string block = "net.blocks." + std::to_string(b);
      const InvertedResidualStage& s = plan[b];
      const int64_t hidden = s.in_channels * s.expansion;
      const size_t first = layers_.size();
      if (s.expansion != 1) {
        layers_.push_back(folded(block + ".expand", block + ".bn_expand", Kind::kPointwise, s.in_channels, hidden, 1));
      }
      layers_.push_back(folded(block + ".depthwise", block + ".bn_depthwise", Kind::kDepthwise, hidden, hidden, s.stride));
      layers_.back().keras_padding = s.stride != 1;
      layers_.push_back(folded(block + ".project", block + ".bn_project", Kind::kPointwise, hidden, s.out_channels, 1));
      layers_.back().relu6 = false;
      layers_[first].keeps_input = layers_.back().adds_kept = s.residual();
      channels_ = s.out_channels;
    }
  }
  const std::vector<SeparableStage> plan = v2 ? std::vector<SeparableStage>{} : separable_plan(options_);
  for (size_t b = 0; b < plan.size(); ++b) {
    const std::string block = "net.blocks." + std::to_string(b);
    const SeparableStage& s = plan[b];
    layers_.push_back(folded(block + ".depthwise", block + ".bn_depthwise", Kind::kDepthwise, s.in_channels,
                             s.in_channels, s.stride));
    layers_.push_back(folded(block + ".pointwise", block + ".bn_pointwise", Kind::kPointwise, s.in_channels,
                             s.out_channels, 1));
    channels_ = s.out_channels;
  }
  if (options_.pooling == "attention") {
    attention_weight_ = source.floats("net.attention.weight", {1, channels_, 1, 1});
    attention_bias_ = source.floats("net.attention.bias", {1}).front();
  }
  const int64_t e = options_.embedding_size;
  head_weight_ = source.floats("net.head.weight", {e, channels_});
  head_bias_ = source.floats("net.head.bias", {e});
  centres_ = read_centres(source, e);
}

PlainEmbedder::PlainEmbedder(const std::filesystem::path& path, const EmbedderView& view) : PlainEmbedder(path) {
  check_centre_crop(view.centre_crop);
  view_ = view;
}

std::vector<float> PlainEmbedder::embed(const cv::Mat& bgr) const {
  thread_local Scratch scratch;  // kept between calls: fresh buffers would cost a third of the time in page faults
  return forward(bgr, scratch);
}

std::vector<std::vector<float>> PlainEmbedder::embed(std::span<const cv::Mat> pictures, int n_threads) const {
  if (n_threads < 0) throw InputError("embed: the number of threads must be >= 0, not " + std::to_string(n_threads));
  const size_t n = pictures.size();
  const size_t hardware = std::max(1u, std::thread::hardware_concurrency());
  const size_t n_workers = std::min(n, n_threads == 0 ? hardware : size_t(n_threads));
  std::vector<std::vector<float>> out(n);
  // Each worker takes the next picture not yet taken, with its own scratch; the first error stops them all.
  std::atomic<size_t> next{0};
  std::vector<std::exception_ptr> errors(n_workers);
  const auto work = [&](size_t worker) {
    try {
      Scratch scratch;
      for (size_t i = next++; i < n; i = next++) out[i] = forward(pictures[i], scratch);
    } catch (...) {
      errors[worker] = std::current_exception();
      next = n;
    }
  };
  std::vector<std::thread> threads;
  for (size_t t = 1; t < n_workers; ++t) threads.emplace_back(work, t);
  if (n_workers > 0) work(0);
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return out;
}

std::vector<std::vector<float>> PlainEmbedder::embed_files(std::span<const std::filesystem::path> files,
                                                           const std::function<void(int64_t done)>& after_chunk) const {
  constexpr size_t kChunk = 64;
  std::vector<std::vector<float>> out;
  out.reserve(files.size());
  for (size_t start = 0; start < files.size(); start += kChunk) {
    std::vector<cv::Mat> pictures;
    for (const std::filesystem::path& file : files.subspan(start, std::min(kChunk, files.size() - start))) {
      pictures.push_back(load_image(file));
    }
    for (std::vector<float>& e : embed(pictures)) out.push_back(std::move(e));
    if (after_chunk) after_chunk(int64_t(out.size()));
  }
  return out;
}

std::vector<float> PlainEmbedder::forward(const cv::Mat& picture, Scratch& s) const {
  const cv::Mat bgr = apply_view(picture, view_);
  if (graph_) return graph_->embed(bgr);
  // [S, S, 3] -> stem [S/2, S/2, C0] -> blocks ... [S/32, S/32, C] -> mean or attention pooling [C] -> head [E]
  // -> L2-normalised (channels padded to a multiple of 8 throughout; the padding stays zero)
  const int64_t size = options_.input_size;
  write_bordered_input(bgr, size, s.image);
  const ChannelsLastConv& stem = layers_.front();
  if (stem.keras_padding) to_unit_range(size, s.image);
  int64_t height = (size - 1) / 2 + 1, width = height;
  s.a.resize(size_t(height * width * stem.out_channels));
  stem_relu6(s.image.data(), size, padding_before(size, stem.keras_padding), stem.weight.data(), stem.bias.data(),
             stem.out_channels, s.patches, s.a.data());
  for (size_t l = 1; l < layers_.size(); ++l) {
    const ChannelsLastConv& layer = layers_[l];
    if (layer.keeps_input) s.kept = s.a;
    if (layer.kind == ChannelsLastConv::Kind::kDepthwise) {
      const int64_t out_height = (height - 1) / layer.stride + 1, out_width = (width - 1) / layer.stride + 1;
      s.b.resize(size_t(out_height * out_width * layer.out_channels));
      depthwise_relu6(s.a.data(), height, width, layer.out_channels, layer.stride,
                      padding_before(height, layer.keras_padding), padding_before(width, layer.keras_padding),
                      layer.weight.data(), layer.bias.data(), s.b.data());
      height = out_height;
      width = out_width;
    } else {
      s.b.resize(size_t(height * width * layer.out_channels));
      pointwise(height * width, s.a.data(), layer.in_channels, layer.in_channels, layer.weight.data(), layer.out_channels,
                layer.bias.data(), s.b.data(), layer.relu6);
    }
    if (layer.adds_kept) {
      for (size_t i = 0; i < s.b.size(); ++i) s.b[i] += s.kept[i];
    }
    std::swap(s.a, s.b);
  }
  return pool_and_head(s.a.data(), height * width, layers_.back().out_channels);
}

std::vector<float> PlainEmbedder::pool_and_head(const float* x, int64_t n_positions, int64_t stride) const {
  // x [n_positions, stride] channels-last, the first channels_ of each row real. Each position's weight:
  // 1 / n_positions (mean pooling), or the softmax of its attention score.
  std::vector<float> weight(static_cast<size_t>(n_positions), 1.0f / float(n_positions));
  if (!attention_weight_.empty()) {
    float largest = -INFINITY;
    for (int64_t p = 0; p < n_positions; ++p) {
      float score = attention_bias_;
      for (int64_t c = 0; c < channels_; ++c) score += attention_weight_[size_t(c)] * x[p * stride + c];
      weight[size_t(p)] = score;
      largest = std::max(largest, score);
    }
    float total = 0.0f;
    for (float& w : weight) total += (w = std::exp(w - largest));
    for (float& w : weight) w /= total;
  }
  std::vector<float> pooled(size_t(channels_), 0.0f);
  for (int64_t p = 0; p < n_positions; ++p) {
    for (int64_t c = 0; c < channels_; ++c) pooled[size_t(c)] += weight[size_t(p)] * x[p * stride + c];
  }
  const int64_t e = options_.embedding_size;
  std::vector<float> out(static_cast<size_t>(e));
  double norm2 = 0.0;
  for (int64_t k = 0; k < e; ++k) {
    float v = head_bias_[size_t(k)];
    for (int64_t c = 0; c < channels_; ++c) v += head_weight_[size_t(k * channels_ + c)] * pooled[size_t(c)];
    out[size_t(k)] = v;
    norm2 += double(v) * v;
  }
  // F::normalize(p = 2, eps = 1e-12): x / max(‖x‖, eps)
  const float norm = std::max(float(std::sqrt(norm2)), 1e-12f);
  for (float& v : out) v /= norm;
  return out;
}

}  // namespace vec2midi::vision
