// lstm_gate_rows() for CPUs with AVX2 and FMA: this file alone is compiled with -mavx2 -mfma
// (src/compute/CMakeLists.txt) and is called only after the CPU was checked (lstm_gates.cpp).
#include <immintrin.h>

#include "compute/lstm_gates_detail.hpp"

namespace vec2midi::compute::detail {
namespace {

// The intrinsics of one vector width behind the names gates_vector<S> uses.
struct Avx2 {
  using V = __m256;
  static constexpr int kWidth = 8;
  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, V x) { _mm256_storeu_ps(p, x); }
  static V set(float x) { return _mm256_set1_ps(x); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static V div(V a, V b) { return _mm256_div_ps(a, b); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V fnma(V a, V b, V c) { return _mm256_fnmadd_ps(a, b, c); }
  static V clamp(V x, float lo, float hi) {
    return _mm256_min_ps(_mm256_max_ps(x, set(lo)), set(hi));
  }
  static V round(V x) { return _mm256_round_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  static V pow2(V n) {  // 2^n for integral n in [-126, 127]
    const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_castsi256_ps(e);
  }
  static void store_bf16(uint16_t* p, V x) {
    const __m256i bits = _mm256_castps_si256(x);
    const __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(bits, 16), _mm256_set1_epi32(1));
    const __m256i rounded = _mm256_srli_epi32(_mm256_add_epi32(bits, _mm256_add_epi32(lsb, _mm256_set1_epi32(0x7fff))), 16);
    const __m128i packed = _mm_packus_epi32(_mm256_castsi256_si128(rounded), _mm256_extracti128_si256(rounded, 1));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), packed);
  }
};

}  // namespace

void lstm_gate_rows_avx2(int64_t begin, int64_t end, int64_t hidden, const GateRows& rows) {
  for (int64_t r = begin; r < end; ++r) gates_vector<Avx2>(hidden, row_of(rows, r, hidden));
}

}  // namespace vec2midi::compute::detail
