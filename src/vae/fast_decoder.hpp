// Fast batched MusicVAE decoding for inference (no autograd): greedy argmax or seeded temperature
// sampling, 1..max_steps steps. Per batch it computes z·W_z + b of layer 0 once; per step the one-hot
// input times W_x is a row lookup, each layer is one GEMM into preallocated buffers, and the LSTM gate
// arithmetic is one fused vectorised pass (compute/lstm_gates.hpp). The libtorch twin of MelodyDecoder, kept
// for training's prior inversion and the commands still on libtorch. Agrees with MusicVae::greedy_decode_reference.
// Usage: FastDecoder dec(*vae); at::Tensor events = dec.decode(z, {.n_steps = 32});   // [B, 32] uint8
#pragma once

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

#include "vae/decode_options.hpp"
#include "vae/music_vae_options.hpp"

namespace vec2midi::vae {

class MusicVaeImpl;

/// A MusicVAE decoder with weights repacked for speed. Immutable after construction: decode() may be
/// called from several threads at once.
class FastDecoder {
 public:
  /// Copies the decoder weights of `model` (later changes to the model are not seen).
  explicit FastDecoder(const MusicVaeImpl& model);

  /// z [B, Z] (float) -> events [B, n_steps] uint8, each < n_events. Melody i depends only on z[i],
  /// the options and its item number first_item + i (not on B): a caller decoding a long request in
  /// chunks passes each chunk's offset. Throws InputError on a bad z shape, non-finite z, n_steps
  /// outside 1..max_steps or a negative/non-finite temperature.
  at::Tensor decode(const at::Tensor& z, const DecodeOptions& options = {}, int64_t first_item = 0) const;

  const MusicVaeOptions& options() const { return options_; }

  /// Floating-point operations of the GEMMs of one decoded step of one melody (2·K·N per GEMM; the
  /// one-time z products and the gate arithmetic excluded), for GFLOP/s figures.
  double gemm_flops_per_step() const;

  /// Runs only the per-step GEMMs that decode() runs, on the same shapes and buffers layout, n_steps times
  /// for a batch of `batch` rows: the GEMM ceiling the benchmark compares decode() against.
  void run_step_gemms_only(int64_t batch, int64_t n_steps) const;

 private:
  MusicVaeOptions options_;
  at::Tensor w_init_, b_init_;      // [Z, 2LH], [2LH]
  at::Tensor w_x0_, w_z0_, w_h0_;   // layer 0 kernel rows: [V, 4H], [Z, 4H], [H, 4H]
  at::Tensor b0_;                   // [4H]
  std::vector<at::Tensor> w_up_;    // layers l >= 1: [2H, 4H] over concat(h_{l-1}, h_l)
  std::vector<at::Tensor> b_up_;    // [4H]
  at::Tensor w_out_, b_out_;        // [H, V], [V]
};

}  // namespace vec2midi::vae
