#include "vae/plain_decoder.hpp"

#include <cmath>
#include <random>
#include <string>

#include "io/error.hpp"
#include "io/model_file.hpp"
#include "io/random_stream.hpp"
#include "vae/event_sampling.hpp"

namespace vec2midi::vae {
namespace {

/// out[n] += Σ_k x[k] · w[k, n] for w [K, N] row-major (vectorises over n).
void add_vector_matrix(std::span<const float> x, const float* w, int64_t n, float* out) {
  for (size_t k = 0; k < x.size(); ++k) {
    const float xk = x[k];
    const float* row = w + int64_t(k) * n;
    for (int64_t j = 0; j < n; ++j) out[j] += xk * row[j];
  }
}

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

/// TensorFlow's LSTM update of one layer from its gate pre-activations (i, j, f, o blocks of H):
/// c' = c·σ(f + forget_bias) + σ(i)·tanh(j), h' = tanh(c')·σ(o).
void lstm_update(const std::vector<float>& gates, int64_t hidden, float* c, float* h) {
  for (int64_t k = 0; k < hidden; ++k) {
    const float i = gates[size_t(k)], j = gates[size_t(hidden + k)];
    const float f = gates[size_t(2 * hidden + k)], o = gates[size_t(3 * hidden + k)];
    c[k] = c[k] * sigmoid(f + kForgetBias) + sigmoid(i) * std::tanh(j);
    h[k] = std::tanh(c[k]) * sigmoid(o);
  }
}

}  // namespace

PlainDecoder::PlainDecoder(const std::filesystem::path& path) {
  const io::ModelFile file(path, music_vae_model_kind());
  options_ = read_music_vae_config(file);
  const int64_t v = options_.n_events, z = options_.z_size, h = options_.decoder_size, layers = options_.decoder_layers;
  w_init_ = file.floats("decoder/z_to_initial_state/kernel", {z, 2 * layers * h});
  b_init_ = file.floats("decoder/z_to_initial_state/bias", {2 * layers * h});
  for (int64_t l = 0; l < layers; ++l) {
    const std::string prefix = "decoder/multi_rnn_cell/cell_" + std::to_string(l) + "/lstm_cell/";
    cell_kernel_.push_back(file.floats(prefix + "kernel", {l == 0 ? v + z + h : 2 * h, 4 * h}));
    cell_bias_.push_back(file.floats(prefix + "bias", {4 * h}));
  }
  w_out_ = file.floats("decoder/output_projection/kernel", {h, v});
  b_out_ = file.floats("decoder/output_projection/bias", {v});
}

std::vector<uint8_t> PlainDecoder::decode(std::span<const float> z, const DecodeOptions& options, int64_t item) const {
  const int64_t v = options_.n_events, z_size = options_.z_size, h = options_.decoder_size;
  const int64_t layers = options_.decoder_layers;
  if (int64_t(z.size()) != z_size) {
    throw InputError("latent vectors must have shape [n, " + std::to_string(z_size) + "], got " +
                     std::to_string(z.size()) + " values");
  }
  if (options.n_steps < 1 || options.n_steps > options_.max_steps) {
    throw InputError("steps must be in 1.." + std::to_string(options_.max_steps) + ", got " +
                     std::to_string(options.n_steps));
  }
  if (!std::isfinite(options.temperature) || options.temperature < 0.0) {
    throw InputError("temperature must be a finite number >= 0, got " + std::to_string(options.temperature));
  }
  for (const float x : z) {
    if (!std::isfinite(x)) throw InputError("latent vectors contain NaN or infinite values");
  }
  // Initial state (c_l, h_l) = tanh(z·W_init + b_init), laid out c0, h0, c1, h1, …
  std::vector<float> init = b_init_;
  add_vector_matrix(z, w_init_.data(), 2 * layers * h, init.data());
  std::vector<float> c(size_t(layers * h)), hs(size_t(layers * h));
  for (int64_t l = 0; l < layers; ++l) {
    for (int64_t k = 0; k < h; ++k) {
      c[size_t(l * h + k)] = std::tanh(init[size_t(2 * l * h + k)]);
      hs[size_t(l * h + k)] = std::tanh(init[size_t((2 * l + 1) * h + k)]);
    }
  }
  // Layer 0's z part, fixed over the steps: z·W_z + b (W_z = kernel rows V..V+Z).
  std::vector<float> z_part = cell_bias_[0];
  add_vector_matrix(z, cell_kernel_[0].data() + v * 4 * h, 4 * h, z_part.data());

  std::mt19937_64 rng = io::item_generator(options.seed, item);
  std::vector<float> gates(static_cast<size_t>(4 * h)), logits(static_cast<size_t>(v));
  std::vector<uint8_t> events;
  int32_t previous = -1;
  for (int64_t t = 0; t < options.n_steps; ++t) {
    // Layer 0: gates = (z·W_z + b) + W_x[previous event] (none at t = 0) + h0·W_h.
    gates = z_part;
    if (previous >= 0) {
      const float* row = cell_kernel_[0].data() + int64_t(previous) * 4 * h;
      for (int64_t n = 0; n < 4 * h; ++n) gates[size_t(n)] += row[n];
    }
    add_vector_matrix(std::span<const float>(hs.data(), size_t(h)), cell_kernel_[0].data() + (v + z_size) * 4 * h,
                      4 * h, gates.data());
    lstm_update(gates, h, c.data(), hs.data());
    // Layers l >= 1: gates = concat(h_{l-1} new, h_l old)·W_l + b_l.
    for (int64_t l = 1; l < layers; ++l) {
      gates = cell_bias_[size_t(l)];
      add_vector_matrix(std::span<const float>(hs.data() + (l - 1) * h, size_t(2 * h)), cell_kernel_[size_t(l)].data(),
                        4 * h, gates.data());
      lstm_update(gates, h, c.data() + l * h, hs.data() + l * h);
    }
    logits = b_out_;
    add_vector_matrix(std::span<const float>(hs.data() + (layers - 1) * h, size_t(h)), w_out_.data(), v, logits.data());
    previous = options.temperature > 0.0 ? sample_event(logits, options.temperature, rng) : argmax_event(logits);
    events.push_back(static_cast<uint8_t>(previous));
  }
  return events;
}

}  // namespace vec2midi::vae
