// The MusicVAE decoder of every command that does not train: batched, without libtorch, greedy or at a
// temperature, 1..N layers of any width. Per melody it computes the initial state and the z part of layer 0's
// input once; per step the previous event's one-hot input is a row lookup, each layer is one packed GEMM
// (compute/packed_matmul.hpp) and the LSTM gate update one fused vector pass (compute/lstm_gates.hpp). Rows
// are decoded in blocks of kBlockRows spread over the OpenMP threads. Written by hand: it is our own model's
// forward pass (TensorFlow's LSTM cell, as Magenta trained it); tests hold it against the libtorch model.
// Usage: MelodyDecoder dec("models/default_vae.safetensors");
//        std::vector<uint8_t> events = dec.decode(z, {.n_steps = 32});   // z: n × Z floats → n × 32 events
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "compute/packed_matmul.hpp"
#include "compute/precision.hpp"
#include "io/model_file.hpp"
#include "vae/decode_options.hpp"
#include "vae/music_vae_options.hpp"

namespace vec2midi::vae {

class MelodyDecoder {
 public:
  /// Most rows decoded together on one thread (their states and gates stay in the core's cache); smaller
  /// batches are split into one block per thread.
  static constexpr int64_t kBlockRows = 128;

  /// Loads the decoder tensors of a MusicVAE model file. Throws InputError naming the path when the file is not
  /// a MusicVAE model, a decoder tensor is missing or has the wrong shape, or holds NaN/inf.
  explicit MelodyDecoder(const std::filesystem::path& path, compute::Precision precision = compute::Precision::kFloat32);
  /// The same from a model file already read (or built in memory: vae/model_export.hpp's inference_decoder()).
  explicit MelodyDecoder(const io::ModelFile& file, compute::Precision precision = compute::Precision::kFloat32);

  /// z: n rows of Z floats (row-major) → n rows of options.n_steps events, each < n_events. Row i samples with
  /// io::item_generator(options.seed, first_item + i): it depends on z[i], the options and its item number
  /// only, not on n. Throws InputError when z.size() is not a multiple of Z, z is not finite, n_steps is outside
  /// 1..max_steps or the temperature is negative or not finite.
  std::vector<uint8_t> decode(std::span<const float> z, const DecodeOptions& options = {}, int64_t first_item = 0) const;

  const MusicVaeOptions& options() const { return options_; }
  compute::Precision precision() const { return precision_; }

  /// Floating-point operations of the GEMMs of one step of one melody (2·K·N per GEMM; the one-time z products
  /// and the gate arithmetic excluded), for GFLOP/s figures.
  double gemm_flops_per_step() const;

  /// Runs only the per-step GEMMs of decode() — same shapes, blocks and threads — for `batch` rows and `n_steps`
  /// steps: the ceiling the benchmark compares decode() against.
  void run_step_gemms_only(int64_t batch, int64_t n_steps) const;

 private:
  void decode_block(const float* z, int64_t n, const DecodeOptions& options, int64_t first_item, uint8_t* out) const;

  MusicVaeOptions options_;
  compute::Precision precision_;
  std::unique_ptr<compute::PackedMatmul> init_;   // z·W_init + b_init: [Z] → [2LH] (c0, h0, c1, h1, …)
  std::unique_ptr<compute::PackedMatmul> z0_;     // z·W_z + b_0: [Z] → [4H], layer 0's input from z
  std::vector<float> x0_;                         // [V, 4H] layer 0's kernel rows of the one-hot input
  std::vector<compute::PackedMatmul> cells_;      // layer 0: h0·W_h [H] → [4H]; l >= 1: [h_{l-1}, h_l] [2H] → [4H]
  std::vector<std::vector<float>> biases_;        // [4H] of layers l >= 1 (layer 0's is in z0_); [0] unused
  std::unique_ptr<compute::PackedMatmul> out_;    // h_{L-1}·W_out + b_out: [H] → [V]
};

}  // namespace vec2midi::vae
