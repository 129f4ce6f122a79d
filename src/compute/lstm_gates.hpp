// The TensorFlow LSTM update fused into one pass over rows of gate pre-activations, for the batched MusicVAE
// decoder: gates = GEMM output + addend (+ one table row per batch row), then c' = c·σ(f + 1) + σ(i)·tanh(j),
// h' = tanh(c')·σ(o), h' written as float32 or bfloat16. AVX-512 or AVX2 chosen at run time (scalar otherwise).
// Usage: lstm_gate_rows(0, n, hidden, GateRows{.gates = g, .gates_stride = 4 * hidden, ..., .h = h, .h_stride = H});
#pragma once

#include <cstdint>
#include <string_view>

namespace vec2midi::compute {

/// Where the inputs and outputs of lstm_gate_rows() live. Row r of a matrix starts at ptr + r·stride.
struct GateRows {
  const float* gates = nullptr;          ///< [B, 4H] pre-activations from the GEMM (i, j, f, o blocks)
  int64_t gates_stride = 0;              ///< floats between rows of `gates`
  const float* addend = nullptr;         ///< [B, 4H] added to the gates (e.g. z·W_z + b), or a bias with stride 0
  int64_t addend_stride = 0;             ///< floats between rows of `addend`; 0 = the same row for every batch row
  const float* table = nullptr;          ///< optional [V, 4H] rows (a one-hot input times its kernel rows)
  const int32_t* table_index = nullptr;  ///< [B] row of `table` to add per batch row; < 0 adds nothing
  float* c = nullptr;                    ///< [B, H] cell state, updated in place
  int64_t c_stride = 0;                  ///< floats between rows of `c`
  float* h = nullptr;                    ///< [B, H] new output h' in float32, or null when h_bf16 is set
  uint16_t* h_bf16 = nullptr;            ///< [B, H] new output h' in bfloat16 (round to nearest even), or null
  int64_t h_stride = 0;                  ///< elements between rows of `h` / `h_bf16`
};

/// Applies the TF LSTM update (forget bias 1) to rows [begin, end) of width `hidden`, on the calling thread.
/// Exactly one of rows.h and rows.h_bf16 must be set. The AVX-512 and AVX2 paths give identical results.
void lstm_gate_rows(int64_t begin, int64_t end, int64_t hidden, const GateRows& rows);

/// Which code lstm_gate_rows() runs on this CPU: "avx512", "avx2" or "scalar".
std::string_view lstm_gates_isa();

/// float32 → bfloat16 with round to nearest even (NaN kept a NaN), as the vector paths and oneDNN round.
uint16_t to_bf16(float x);

}  // namespace vec2midi::compute
