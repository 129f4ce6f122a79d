// The MusicVAE encoder of every command that does not train, without libtorch: the bidirectional LSTM over a
// melody's one-hot events (TensorFlow's LSTM cell, forget bias 1, as Magenta trained it), the last forward and
// backward outputs of the top layer joined, then μ = [h_fw, h_bw]·W_μ + b_μ — the posterior mean, which
// interpolation and every inference use (σ is only needed to sample the posterior in training). Each step is one
// packed GEMM of the recurrent part (compute/packed_matmul.hpp) and one fused gate pass over the rows
// (compute/lstm_gates.hpp); layer 0's one-hot input is a row lookup. Written by hand: it is our own model's
// forward pass; tests/vae/melody_encoder_test.cpp holds it against MusicVaeImpl::encode.
// Usage: MelodyEncoder enc("models/default_vae.safetensors");   // or an encoder file (vec2midi fit-encoder)
//        std::vector<float> mu = enc.encode(events, 32);          // events: n × 32 → n × Z
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "compute/packed_matmul.hpp"
#include "io/model_file.hpp"
#include "vae/music_vae_options.hpp"

namespace vec2midi::vae {

class MelodyEncoder {
 public:
  /// Loads the encoder of a MusicVAE model file that has one, or of an encoder file (fit-encoder's output).
  /// Throws InputError naming the path when the file is neither, has no encoder (decoder-only models such as
  /// Magenta's mel_2bar_small: "pass an encoder file"), or an encoder tensor is missing, misshapen or not finite.
  explicit MelodyEncoder(const std::filesystem::path& path);
  /// The same from a file already read whose format is either kind.
  explicit MelodyEncoder(const io::ModelFile& file);
  ~MelodyEncoder();
  MelodyEncoder(MelodyEncoder&&) noexcept;
  MelodyEncoder& operator=(MelodyEncoder&&) noexcept;

  /// events: n rows of `n_steps` event indices (each < n_events) → μ, n rows of Z floats. Throws InputError when
  /// events.size() is not a multiple of n_steps, n_steps is outside 1..max_steps or an event is out of range.
  std::vector<float> encode(std::span<const uint8_t> events, int64_t n_steps) const;

  /// The options of the model the encoder belongs to (z_size, n_events, encoder_size, max_steps, ...).
  const MusicVaeOptions& options() const { return options_; }

 private:
  // One direction of one layer: gates = x·W_x + h·W_h + b, with W_x's rows a table for the one-hot layer 0.
  struct Direction {
    std::vector<float> x_table;                   // layer 0: [V, 4E] kernel rows of the one-hot input
    std::unique_ptr<compute::PackedMatmul> x_in;  // layers >= 1: [2E] → [4E], with the bias
    std::unique_ptr<compute::PackedMatmul> h_in;  // [E] → [4E]
    std::vector<float> bias;                      // [4E]
  };

  // Runs one direction over all steps: inputs (layers >= 1: [n, T, 2E]) → outputs [n, T, E] written into
  // `out` at column offset `column` of rows of width `out_width`; returns nothing, the last output is out[:, last].
  void run_direction(const Direction& d, bool backward, std::span<const uint8_t> events, const float* inputs,
                     int64_t n, int64_t n_steps, float* out, int64_t out_width, int64_t column) const;

  MusicVaeOptions options_;
  std::vector<Direction> forward_, backward_;  // per layer
  std::unique_ptr<compute::PackedMatmul> mu_;  // [2E] → [Z], with the bias
};

}  // namespace vec2midi::vae
