// Inside of lstm_gates.cpp and its per-ISA files (lstm_gates_avx2.cpp, lstm_gates_avx512.cpp, compiled with
// -mavx2 / -mavx512f): the scalar gate update and the vector one, written once over a vector type S. Everything
// here has internal linkage, so each file gets its own copy built for its own instruction set.
// Usage (a per-ISA file): struct S {...}; for (r...) gates_vector<S>(hidden, row_of(rows, r, hidden));
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

#include "compute/lstm_gates.hpp"

namespace vec2midi::compute::detail {

void lstm_gate_rows_avx2(int64_t begin, int64_t end, int64_t hidden, const GateRows& rows);
void lstm_gate_rows_avx512(int64_t begin, int64_t end, int64_t hidden, const GateRows& rows);

namespace {  // NOLINT: internal linkage on purpose (see above)

constexpr float kForgetBias = 1.0f;  // TensorFlow's BasicLSTMCell default, added at run time (not stored)

// exp(x) as in Cephes expf: x = n·ln2 + r with |r| <= ln2/2, a degree-6 polynomial for e^r, and 2^n put into
// the exponent bits. Relative error about 1 ulp on [-87, 88] (inputs are clamped to it), which keeps greedy
// decoding identical to libm's on the golden melodies (tests/vae/melody_decoder_test.cpp). Written by hand:
// the gate update is the project's own forward pass and needs the same arithmetic on every vector width.
constexpr float kExpLo = -87.0f;
constexpr float kExpHi = 88.0f;
constexpr float kLog2e = 1.44269504088896341f;
constexpr float kLn2Hi = 0.693359375f;
constexpr float kLn2Lo = -2.12194440e-4f;
constexpr float kP[6] = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f,
                         4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f};

float exp_scalar(float x) {
  x = x < kExpLo ? kExpLo : (x > kExpHi ? kExpHi : x);
  const float n = std::nearbyint(x * kLog2e);
  const float r = std::fma(-n, kLn2Lo, std::fma(-n, kLn2Hi, x));
  float p = kP[0];
  for (int i = 1; i < 6; ++i) p = std::fma(p, r, kP[i]);
  p = std::fma(p * r, r, r + 1.0f);
  return p * std::bit_cast<float>((static_cast<int32_t>(n) + 127) << 23);
}

float sigmoid_scalar(float x) { return 1.0f / (1.0f + exp_scalar(-x)); }
float tanh_scalar(float x) { return 2.0f / (1.0f + exp_scalar(-2.0f * x)) - 1.0f; }

// The row pointers of one batch row.
struct Row {
  const float* g;
  const float* a;
  const float* t;  // null: no table row
  float* c;
  float* h;
  uint16_t* h_bf16;
};

Row row_of(const GateRows& rows, int64_t r, int64_t hidden) {
  const float* t = nullptr;
  if (rows.table != nullptr && rows.table_index[r] >= 0) t = rows.table + int64_t(rows.table_index[r]) * 4 * hidden;
  return {rows.gates + r * rows.gates_stride, rows.addend + r * rows.addend_stride, t, rows.c + r * rows.c_stride,
          rows.h == nullptr ? nullptr : rows.h + r * rows.h_stride,
          rows.h_bf16 == nullptr ? nullptr : rows.h_bf16 + r * rows.h_stride};
}

// Units [begin, hidden) of one row: the portable path and the tail of the vector paths.
void gates_scalar(int64_t begin, int64_t hidden, const Row& row) {
  for (int64_t k = begin; k < hidden; ++k) {
    float pre[4];
    for (int64_t q = 0; q < 4; ++q) {
      pre[q] = row.g[q * hidden + k] + row.a[q * hidden + k];
      if (row.t != nullptr) pre[q] += row.t[q * hidden + k];
    }
    const float new_c = std::fma(row.c[k], sigmoid_scalar(pre[2] + kForgetBias), sigmoid_scalar(pre[0]) * tanh_scalar(pre[1]));
    row.c[k] = new_c;
    const float h = tanh_scalar(new_c) * sigmoid_scalar(pre[3]);
    if (row.h != nullptr) {
      row.h[k] = h;
    } else {
      row.h_bf16[k] = to_bf16(h);
    }
  }
}

// The same operations, in the same order, as exp_scalar / sigmoid_scalar / tanh_scalar.
template <class S>
[[gnu::always_inline]] inline typename S::V exp_v(typename S::V x) {
  x = S::clamp(x, kExpLo, kExpHi);
  const typename S::V n = S::round(S::mul(x, S::set(kLog2e)));
  const typename S::V r = S::fnma(n, S::set(kLn2Lo), S::fnma(n, S::set(kLn2Hi), x));
  typename S::V p = S::set(kP[0]);
  for (int i = 1; i < 6; ++i) p = S::fma(p, r, S::set(kP[i]));
  p = S::fma(S::mul(p, r), r, S::add(r, S::set(1.0f)));
  return S::mul(p, S::pow2(n));
}

template <class S>
[[gnu::always_inline]] inline typename S::V sigmoid_v(typename S::V x) {
  const typename S::V one = S::set(1.0f);
  return S::div(one, S::add(one, exp_v<S>(S::mul(x, S::set(-1.0f)))));
}

template <class S>
[[gnu::always_inline]] inline typename S::V tanh_v(typename S::V x) {
  const typename S::V one = S::set(1.0f);
  return S::add(S::div(S::set(2.0f), S::add(one, exp_v<S>(S::mul(x, S::set(-2.0f))))), S::set(-1.0f));
}

template <class S>
[[gnu::always_inline]] inline void gates_vector(int64_t hidden, const Row& row) {
  using V = typename S::V;
  int64_t k = 0;
  for (; k + S::kWidth <= hidden; k += S::kWidth) {
    V pre[4];
    for (int64_t q = 0; q < 4; ++q) {
      pre[q] = S::add(S::load(row.g + q * hidden + k), S::load(row.a + q * hidden + k));
      if (row.t != nullptr) pre[q] = S::add(pre[q], S::load(row.t + q * hidden + k));
    }
    const V new_c = S::fma(S::load(row.c + k), sigmoid_v<S>(S::add(pre[2], S::set(kForgetBias))),
                           S::mul(sigmoid_v<S>(pre[0]), tanh_v<S>(pre[1])));
    S::store(row.c + k, new_c);
    const V h = S::mul(tanh_v<S>(new_c), sigmoid_v<S>(pre[3]));
    if (row.h != nullptr) {
      S::store(row.h + k, h);
    } else {
      S::store_bf16(row.h_bf16 + k, h);
    }
  }
  gates_scalar(k, hidden, row);
}


}  // namespace
}  // namespace vec2midi::compute::detail
