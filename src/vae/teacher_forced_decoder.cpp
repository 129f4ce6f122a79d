#include "vae/teacher_forced_decoder.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "io/error.hpp"

namespace vec2midi::vae {
namespace {

constexpr int64_t kBlockRows = 64;  // rows run together (bounds the stored activations of the backward pass)

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using Array = Eigen::Array<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Matrix read_matrix(const io::ModelFile& file, const std::string& name, int64_t rows, int64_t cols) {
  const std::vector<float> values = file.floats(name, {rows, cols});
  return Eigen::Map<const Matrix>(values.data(), rows, cols);
}

RowVector read_vector(const io::ModelFile& file, const std::string& name, int64_t size) {
  const std::vector<float> values = file.floats(name, {size});
  return Eigen::Map<const RowVector>(values.data(), size);
}

Array sigmoid(const Array& x) { return 1.0f / (1.0f + (-x).exp()); }

// What the backward pass needs of one layer at one step (the weights are frozen: no inputs kept).
struct StepCache {
  Array c_previous;  // [n, H]
  Array i, j, f, o;  // [n, H] each, activated
  Array tanh_c;      // [n, H]
};

}  // namespace

struct TeacherForcedDecoder::BlockTrace {
  std::vector<Array> c_start, h_start;  // [layers] the state at step -1 (after the tanh)
  std::vector<StepCache> steps;         // [t · layers + l]
  std::vector<Array> dlogits;           // [t]: softmax − one-hot of the true event, [n, V]
};

TeacherForcedDecoder::TeacherForcedDecoder(const std::filesystem::path& path)
    : TeacherForcedDecoder(io::ModelFile(path, music_vae_model_kind())) {}

TeacherForcedDecoder::TeacherForcedDecoder(const io::ModelFile& file) {
  options_ = read_music_vae_config(file);
  const int64_t v = options_.n_events, z = options_.z_size, h = options_.decoder_size, layers = options_.decoder_layers;
  init_kernel_ = read_matrix(file, "decoder/z_to_initial_state/kernel", z, 2 * layers * h);
  init_bias_ = read_vector(file, "decoder/z_to_initial_state/bias", 2 * layers * h);
  kernels_.resize(size_t(layers));
  biases_.resize(size_t(layers));
  for (int64_t l = 0; l < layers; ++l) {
    const std::string prefix = "decoder/multi_rnn_cell/cell_" + std::to_string(l) + "/lstm_cell/";
    const Matrix kernel = read_matrix(file, prefix + "kernel", l == 0 ? v + z + h : 2 * h, 4 * h);
    biases_[size_t(l)] = read_vector(file, prefix + "bias", 4 * h);
    if (l == 0) {  // rows [0, V) one-hot input, [V, V + Z) z, [V + Z, V + Z + H) h
      x0_ = kernel.topRows(v);
      z0_ = kernel.middleRows(v, z);
      h0_ = kernel.bottomRows(h);
    } else {
      kernels_[size_t(l)] = kernel;
    }
  }
  out_kernel_ = read_matrix(file, "decoder/output_projection/kernel", h, v);
  out_bias_ = read_vector(file, "decoder/output_projection/bias", v);
}

TeacherForcedResult TeacherForcedDecoder::run(std::span<const float> z, std::span<const uint8_t> events, int64_t n_steps,
                                              bool with_gradient) const {
  const int64_t zs = options_.z_size;
  if (n_steps < 1 || n_steps > options_.max_steps) {
    throw InputError("teacher-forced decoding: n_steps must be 1.." + std::to_string(options_.max_steps) + ", got " +
                     std::to_string(n_steps));
  }
  if (z.size() % size_t(zs) != 0 || events.size() != z.size() / size_t(zs) * size_t(n_steps)) {
    throw InputError("teacher-forced decoding: " + std::to_string(z.size()) + " latent values and " +
                     std::to_string(events.size()) + " events do not make whole windows of " + std::to_string(n_steps) +
                     " steps with z of " + std::to_string(zs));
  }
  for (const uint8_t e : events) {
    if (int64_t(e) >= options_.n_events) throw InputError("teacher-forced decoding: event " + std::to_string(e) + " out of range");
  }
  const int64_t n = int64_t(z.size()) / zs;
  TeacherForcedResult out;
  out.loss.assign(size_t(n), 0.0);
  out.predicted.assign(size_t(n * n_steps), 0);
  if (with_gradient) out.gradient.assign(size_t(n * zs), 0.0f);
  for (int64_t first = 0; first < n; first += kBlockRows) {
    const int64_t rows = std::min(kBlockRows, n - first);
    BlockTrace trace;
    forward_block(z.data() + first * zs, events.data() + first * n_steps, rows, n_steps, out, first,
                  with_gradient ? &trace : nullptr);
    if (with_gradient) Eigen::Map<Matrix>(out.gradient.data() + first * zs, rows, zs) = backward_block(trace, rows, n_steps);
  }
  return out;
}

void TeacherForcedDecoder::forward_block(const float* z, const uint8_t* events, int64_t n, int64_t n_steps,
                                         TeacherForcedResult& out, int64_t first_row, BlockTrace* trace) const {
  const bool with_gradient = trace != nullptr;
  const int64_t v = options_.n_events, zs = options_.z_size, h = options_.decoder_size, layers = options_.decoder_layers;
  const Eigen::Map<const Matrix> zm(z, n, zs);
  // (c_l, h_l) at step -1 = tanh(z·W_init + b_init), laid out c0, h0, c1, h1, …
  const Matrix init = (zm * init_kernel_).rowwise() + init_bias_;
  std::vector<Array> c(static_cast<size_t>(layers)), hs(static_cast<size_t>(layers));
  for (int64_t l = 0; l < layers; ++l) {
    c[size_t(l)] = init.middleCols(2 * l * h, h).array().tanh();
    hs[size_t(l)] = init.middleCols((2 * l + 1) * h, h).array().tanh();
  }
  if (with_gradient) {
    trace->c_start = c;
    trace->h_start = hs;
    trace->steps.reserve(size_t(n_steps * layers));
    trace->dlogits.reserve(size_t(n_steps));
  }
  const Matrix z_part = (zm * z0_).rowwise() + biases_[0];  // layer 0's input from z, with its bias
  for (int64_t t = 0; t < n_steps; ++t) {
    for (int64_t l = 0; l < layers; ++l) {
      Matrix pre;
      if (l == 0) {
        pre = hs[0].matrix() * h0_ + z_part;
        if (t > 0) {
          for (int64_t r = 0; r < n; ++r) pre.row(r) += x0_.row(events[r * n_steps + t - 1]);
        }
      } else {
        const Matrix& k = kernels_[size_t(l)];
        pre = (hs[size_t(l - 1)].matrix() * k.topRows(h) + hs[size_t(l)].matrix() * k.bottomRows(h)).rowwise() +
              biases_[size_t(l)];
      }
      StepCache s;
      s.i = sigmoid(pre.middleCols(0, h).array());
      s.j = pre.middleCols(h, h).array().tanh();
      s.f = sigmoid(pre.middleCols(2 * h, h).array() + 1.0f);  // forget bias 1
      s.o = sigmoid(pre.middleCols(3 * h, h).array());
      Array c_new = c[size_t(l)] * s.f + s.i * s.j;
      s.tanh_c = c_new.tanh();
      hs[size_t(l)] = s.tanh_c * s.o;
      if (with_gradient) {
        s.c_previous = std::move(c[size_t(l)]);
        trace->steps.push_back(std::move(s));
      }
      c[size_t(l)] = std::move(c_new);
    }
    const Matrix logits = (hs[size_t(layers - 1)].matrix() * out_kernel_).rowwise() + out_bias_;  // [n, V]
    Array gradient_rows = with_gradient ? Array(n, v) : Array();
    for (int64_t r = 0; r < n; ++r) {
      Eigen::Index best = 0;
      const float top = logits.row(r).maxCoeff(&best);  // the first maximum, as argmax
      const double sum = (logits.row(r).array() - top).exp().cast<double>().sum();
      const int64_t event = events[r * n_steps + t];
      out.loss[size_t(first_row + r)] += std::log(sum) + double(top) - double(logits(r, event));
      out.predicted[size_t((first_row + r) * n_steps + t)] = uint8_t(best);
      if (with_gradient) {
        gradient_rows.row(r) = (logits.row(r).array() - top).exp() / float(sum);
        gradient_rows(r, event) -= 1.0f;
      }
    }
    if (with_gradient) trace->dlogits.push_back(std::move(gradient_rows));
  }
}

TeacherForcedDecoder::Matrix TeacherForcedDecoder::backward_block(const BlockTrace& trace, int64_t n, int64_t n_steps) const {
  const int64_t zs = options_.z_size, h = options_.decoder_size, layers = options_.decoder_layers;
  // Backpropagation through time, z the only leaf: dh[l], dc[l] hold the gradient in h_l, c_l at the step
  // being processed (from later steps and the layer above); z gets it through layer 0's input and the start state.
  std::vector<Array> dh(size_t(layers), Array::Zero(n, h)), dc(size_t(layers), Array::Zero(n, h));
  Matrix dz = Matrix::Zero(n, zs);
  for (int64_t t = n_steps - 1; t >= 0; --t) {
    dh[size_t(layers - 1)] += (trace.dlogits[size_t(t)].matrix() * out_kernel_.transpose()).array();
    for (int64_t l = layers - 1; l >= 0; --l) {
      const StepCache& s = trace.steps[size_t(t * layers + l)];
      const Array dc_total = dc[size_t(l)] + dh[size_t(l)] * s.o * (1.0f - s.tanh_c.square());
      Matrix dpre(n, 4 * h);
      dpre.middleCols(0, h) = (dc_total * s.j * s.i * (1.0f - s.i)).matrix();
      dpre.middleCols(h, h) = (dc_total * s.i * (1.0f - s.j.square())).matrix();
      dpre.middleCols(2 * h, h) = (dc_total * s.c_previous * s.f * (1.0f - s.f)).matrix();
      dpre.middleCols(3 * h, h) = (dh[size_t(l)] * s.tanh_c * s.o * (1.0f - s.o)).matrix();
      dc[size_t(l)] = dc_total * s.f;
      if (l == 0) {
        dz += dpre * z0_.transpose();
        dh[0] = (dpre * h0_.transpose()).array();
      } else {
        const Matrix& k = kernels_[size_t(l)];
        dh[size_t(l - 1)] += (dpre * k.topRows(h).transpose()).array();
        dh[size_t(l)] = (dpre * k.bottomRows(h).transpose()).array();
      }
    }
  }
  Matrix d_init(n, 2 * layers * h);
  for (int64_t l = 0; l < layers; ++l) {
    d_init.middleCols(2 * l * h, h) = (dc[size_t(l)] * (1.0f - trace.c_start[size_t(l)].square())).matrix();
    d_init.middleCols((2 * l + 1) * h, h) = (dh[size_t(l)] * (1.0f - trace.h_start[size_t(l)].square())).matrix();
  }
  dz += d_init * init_kernel_.transpose();
  return dz;
}

}  // namespace vec2midi::vae
