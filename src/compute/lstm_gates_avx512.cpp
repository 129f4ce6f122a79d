// lstm_gate_rows() for CPUs with AVX-512F: this file alone is compiled with -mavx512f -mfma
// (src/compute/CMakeLists.txt) and is called only after the CPU was checked (lstm_gates.cpp).
#include <immintrin.h>

#include "compute/lstm_gates_detail.hpp"

namespace vec2midi::compute::detail {
namespace {

// The intrinsics of one vector width behind the names gates_vector<S> uses.
struct Avx512 {
  using V = __m512;
  static constexpr int kWidth = 16;
  static V load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, V x) { _mm512_storeu_ps(p, x); }
  static V set(float x) { return _mm512_set1_ps(x); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V div(V a, V b) { return _mm512_div_ps(a, b); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V fnma(V a, V b, V c) { return _mm512_fnmadd_ps(a, b, c); }
  static V clamp(V x, float lo, float hi) {
    return _mm512_min_ps(_mm512_max_ps(x, set(lo)), set(hi));
  }
  static V round(V x) { return _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  static V pow2(V n) {
    const __m512i e = _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127)), 23);
    return _mm512_castsi512_ps(e);
  }
  static void store_bf16(uint16_t* p, V x) {
    const __m512i bits = _mm512_castps_si512(x);
    const __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(bits, 16), _mm512_set1_epi32(1));
    const __m512i rounded = _mm512_srli_epi32(_mm512_add_epi32(bits, _mm512_add_epi32(lsb, _mm512_set1_epi32(0x7fff))), 16);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_cvtepi32_epi16(rounded));
  }
};

}  // namespace

void lstm_gate_rows_avx512(int64_t begin, int64_t end, int64_t hidden, const GateRows& rows) {
  for (int64_t r = begin; r < end; ++r) gates_vector<Avx512>(hidden, row_of(rows, r, hidden));
}

}  // namespace vec2midi::compute::detail
