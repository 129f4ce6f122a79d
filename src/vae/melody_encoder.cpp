#include "vae/melody_encoder.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "compute/lstm_gates.hpp"
#include "io/error.hpp"
#include "io/safetensors.hpp"

namespace vec2midi::vae {
namespace {

using compute::PackedMatmul;
using compute::Precision;

std::string cell_prefix(int64_t layer, const char* direction) {
  return "encoder/cell_" + std::to_string(layer) + "/bidirectional_rnn/" + direction +
         "/multi_rnn_cell/cell_0/lstm_cell/";
}

// A model file with an encoder or an encoder file, chosen by its "format" metadata.
io::ModelFile read_encoder_file(const std::filesystem::path& path) {
  io::Safetensors st = io::read_safetensors(path);
  const auto format = st.metadata.find("format");
  const bool encoder_only = format != st.metadata.end() && format->second == kMusicVaeEncoderFormat;
  return io::ModelFile(std::move(st), path.string(), encoder_only ? music_vae_encoder_model_kind() : music_vae_model_kind());
}

}  // namespace

MelodyEncoder::MelodyEncoder(const std::filesystem::path& path) : MelodyEncoder(read_encoder_file(path)) {}

MelodyEncoder::MelodyEncoder(const io::ModelFile& file) {
  options_ = read_music_vae_config(file);
  if (!options_.has_encoder) {
    throw InputError(file.where() + ": this MusicVAE model is decoder-only, it cannot encode melodies; "
                     "pass an encoder file (vec2midi fit-encoder makes one)");
  }
  const int64_t v = options_.n_events, e = options_.encoder_size;
  for (int64_t l = 0; l < options_.encoder_layers; ++l) {
    for (auto [direction, name] : {std::pair{&forward_, "fw"}, std::pair{&backward_, "bw"}}) {
      const std::string prefix = cell_prefix(l, name);
      const int64_t input = l == 0 ? v : 2 * e;
      const std::vector<float> kernel = file.floats(prefix + "kernel", {input + e, 4 * e});
      Direction d;
      d.bias = file.floats(prefix + "bias", {4 * e});
      const std::span<const float> x_rows = std::span(kernel).first(size_t(input * 4 * e));
      if (l == 0) {
        d.x_table.assign(x_rows.begin(), x_rows.end());
      } else {
        d.x_in = std::make_unique<PackedMatmul>(x_rows, input, 4 * e, Precision::kFloat32, d.bias);
      }
      d.h_in = std::make_unique<PackedMatmul>(std::span(kernel).subspan(size_t(input * 4 * e)), e, 4 * e,
                                              Precision::kFloat32);
      direction->push_back(std::move(d));
    }
  }
  mu_ = std::make_unique<PackedMatmul>(file.floats("encoder/mu/kernel", {2 * e, options_.z_size}), 2 * e,
                                       options_.z_size, Precision::kFloat32,
                                       file.floats("encoder/mu/bias", {options_.z_size}));
}

MelodyEncoder::~MelodyEncoder() = default;
MelodyEncoder::MelodyEncoder(MelodyEncoder&&) noexcept = default;
MelodyEncoder& MelodyEncoder::operator=(MelodyEncoder&&) noexcept = default;

void MelodyEncoder::run_direction(const Direction& d, bool backward, std::span<const uint8_t> events,
                                  const float* inputs, int64_t n, int64_t n_steps, float* out, int64_t out_width,
                                  int64_t column) const {
  const int64_t e = options_.encoder_size;
  std::vector<float> c(size_t(n * e), 0.0f), h(size_t(n * e), 0.0f), gates(size_t(n * 4 * e));
  std::vector<float> x_gates;                // layers >= 1: [n, 4E] input part of this step (with the bias)
  std::vector<int32_t> index(size_t(n), -1);  // layer 0: the one-hot input's table row
  for (int64_t s = 0; s < n_steps; ++s) {
    const int64_t t = backward ? n_steps - 1 - s : s;
    d.h_in->run(n, h.data(), e, gates.data(), 4 * e);
    compute::GateRows rows{.gates = gates.data(), .gates_stride = 4 * e, .c = c.data(), .c_stride = e,
                           .h = h.data(), .h_stride = e};
    if (d.x_in) {
      x_gates.resize(size_t(n * 4 * e));
      d.x_in->run(n, inputs + t * 2 * e, n_steps * 2 * e, x_gates.data(), 4 * e);
      rows.addend = x_gates.data();
      rows.addend_stride = 4 * e;
    } else {
      for (int64_t r = 0; r < n; ++r) index[size_t(r)] = events[size_t(r * n_steps + t)];
      rows.addend = d.bias.data();
      rows.table = d.x_table.data();
      rows.table_index = index.data();
    }
    compute::lstm_gate_rows(0, n, e, rows);
    for (int64_t r = 0; r < n; ++r) {
      std::copy_n(h.data() + r * e, e, out + (r * n_steps + t) * out_width + column);
    }
  }
}

std::vector<float> MelodyEncoder::encode(std::span<const uint8_t> events, int64_t n_steps) const {
  if (n_steps < 1 || n_steps > options_.max_steps) {
    throw InputError("steps must be in 1.." + std::to_string(options_.max_steps) + ", got " + std::to_string(n_steps));
  }
  if (int64_t(events.size()) % n_steps != 0) {
    throw InputError("melodies must have shape [n, " + std::to_string(n_steps) + "], got " +
                     std::to_string(events.size()) + " events");
  }
  for (uint8_t event : events) {
    if (event >= options_.n_events) {
      throw InputError("event " + std::to_string(event) + " is out of range (the model has " +
                       std::to_string(options_.n_events) + " events)");
    }
  }
  const int64_t n = int64_t(events.size()) / n_steps, e = options_.encoder_size;
  if (n == 0) return {};
  // outputs [n, T, 2E]: forward at columns [0, E), backward at [E, 2E) — the next layer's input.
  std::vector<float> inputs, outputs(size_t(n * n_steps * 2 * e));
  for (size_t l = 0; l < forward_.size(); ++l) {
    run_direction(forward_[l], false, events, inputs.data(), n, n_steps, outputs.data(), 2 * e, 0);
    run_direction(backward_[l], true, events, inputs.data(), n, n_steps, outputs.data(), 2 * e, e);
    std::swap(inputs, outputs);
    outputs.assign(size_t(n * n_steps * 2 * e), 0.0f);
  }
  // The final state: the forward output at the last step, the backward output at the first.
  std::vector<float> final_state(size_t(n * 2 * e));
  for (int64_t r = 0; r < n; ++r) {
    const float* row = inputs.data() + r * n_steps * 2 * e;
    std::copy_n(row + (n_steps - 1) * 2 * e, e, final_state.data() + r * 2 * e);
    std::copy_n(row + e, e, final_state.data() + r * 2 * e + e);
  }
  std::vector<float> mu(size_t(n * options_.z_size));
  mu_->run(n, final_state.data(), 2 * e, mu.data(), options_.z_size);
  return mu;
}

}  // namespace vec2midi::vae
