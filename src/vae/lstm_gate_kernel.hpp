// The TensorFlow LSTM gate update fused into one pass over raw float rows, for the fast decoder:
// gates = GEMM output + addend (+ one table row per batch row), then c' = c·σ(f + 1) + σ(i)·tanh(j),
// h' = tanh(c')·σ(o). Vectorised with AVX2/FMA when the CPU has them, rows split over the ATen threads.
// Usage: fused_lstm_gates(batch, hidden, GateRows{.gates = g, .gates_stride = 4 * hidden, ...});
#pragma once

#include <cstdint>

namespace vec2midi::vae {

/// Where the inputs and outputs of fused_lstm_gates() live. Row r of a matrix starts at ptr + r·stride.
struct GateRows {
  const float* gates = nullptr;        ///< [B, 4H] pre-activations from the GEMM (i, j, f, o blocks)
  int64_t gates_stride = 0;            ///< floats between rows of `gates`
  const float* addend = nullptr;       ///< [B, 4H] added to the gates (e.g. z·W_z + b), or a bias with stride 0
  int64_t addend_stride = 0;           ///< floats between rows of `addend`; 0 = same row for every batch row
  const float* table = nullptr;        ///< optional [V, 4H] rows (one-hot input times its kernel rows)
  const int32_t* table_index = nullptr;  ///< [B] row of `table` to add per batch row; < 0 adds nothing
  float* c = nullptr;                  ///< [B, H] cell state, updated in place
  int64_t c_stride = 0;                ///< floats between rows of `c`
  float* h = nullptr;                  ///< [B, H] new output h'
  int64_t h_stride = 0;                ///< floats between rows of `h`
};

/// Applies the TF LSTM update (forget bias kForgetBias) to `n_rows` rows of width `hidden`.
/// Uses the ATen thread pool when there is enough work; results do not depend on the thread count.
void fused_lstm_gates(int64_t n_rows, int64_t hidden, const GateRows& rows);

/// Whether fused_lstm_gates() runs its AVX2/FMA code on this CPU (else a portable scalar loop).
bool fused_lstm_gates_vectorised();

}  // namespace vec2midi::vae
