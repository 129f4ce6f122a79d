#include "vae/lstm_gate_kernel.hpp"

#include <algorithm>
#include <cmath>

#include <ATen/Parallel.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "vae/tf_lstm_cell.hpp"

namespace vec2midi::vae {
namespace {

// exp(x) as in Cephes expf: x = n·ln2 + r with |r| <= ln2/2, then a degree-6 polynomial for e^r and 2^n
// put into the exponent bits. Relative error about 1 ulp on [-87, 88] (inputs are clamped to it), which
// keeps greedy decoding identical to the libm path on the golden melodies (tests/vae/fast_decoder_test.cpp).
constexpr float kExpLo = -87.0f;
constexpr float kExpHi = 88.0f;
constexpr float kLog2e = 1.44269504088896341f;
constexpr float kLn2Hi = 0.693359375f;
constexpr float kLn2Lo = -2.12194440e-4f;
constexpr float kP0 = 1.9875691500e-4f;
constexpr float kP1 = 1.3981999507e-3f;
constexpr float kP2 = 8.3334519073e-3f;
constexpr float kP3 = 4.1665795894e-2f;
constexpr float kP4 = 1.6666665459e-1f;
constexpr float kP5 = 5.0000001201e-1f;

float exp_scalar(float x) {
  x = std::clamp(x, kExpLo, kExpHi);
  const float n = std::nearbyint(x * kLog2e);
  const float r = (x - n * kLn2Hi) - n * kLn2Lo;
  float p = kP0;
  p = p * r + kP1;
  p = p * r + kP2;
  p = p * r + kP3;
  p = p * r + kP4;
  p = p * r + kP5;
  p = p * r * r + r + 1.0f;
  return std::ldexp(p, static_cast<int>(n));
}

float sigmoid_scalar(float x) { return 1.0f / (1.0f + exp_scalar(-x)); }
float tanh_scalar(float x) { return 2.0f / (1.0f + exp_scalar(-2.0f * x)) - 1.0f; }

// One row, units [begin, hidden): the portable path and the tail of the vector path.
void gates_row_scalar(int64_t begin, int64_t hidden, const float* g, const float* a, const float* t, float* c,
                      float* h) {
  for (int64_t k = begin; k < hidden; ++k) {
    float gi = g[k] + a[k], gj = g[hidden + k] + a[hidden + k];
    float gf = g[2 * hidden + k] + a[2 * hidden + k], go = g[3 * hidden + k] + a[3 * hidden + k];
    if (t != nullptr) {
      gi += t[k];
      gj += t[hidden + k];
      gf += t[2 * hidden + k];
      go += t[3 * hidden + k];
    }
    const float new_c = c[k] * sigmoid_scalar(gf + kForgetBias) + sigmoid_scalar(gi) * tanh_scalar(gj);
    c[k] = new_c;
    h[k] = tanh_scalar(new_c) * sigmoid_scalar(go);
  }
}

#if defined(__x86_64__)

__attribute__((target("avx2,fma"))) inline __m256 exp8(__m256 x) {
  x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(kExpLo)), _mm256_set1_ps(kExpHi));
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(kLog2e)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(kLn2Hi), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(kLn2Lo), r);
  __m256 p = _mm256_set1_ps(kP0);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kP1));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kP2));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kP3));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kP4));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kP5));
  p = _mm256_fmadd_ps(_mm256_mul_ps(p, r), r, _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
  const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(p, _mm256_castsi256_ps(bits));
}

__attribute__((target("avx2,fma"))) inline __m256 sigmoid8(__m256 x) {
  const __m256 one = _mm256_set1_ps(1.0f);
  return _mm256_div_ps(one, _mm256_add_ps(one, exp8(_mm256_sub_ps(_mm256_setzero_ps(), x))));
}

__attribute__((target("avx2,fma"))) inline __m256 tanh8(__m256 x) {
  // tanh(x) = 2·σ(2x) − 1
  const __m256 one = _mm256_set1_ps(1.0f);
  const __m256 e = exp8(_mm256_mul_ps(x, _mm256_set1_ps(-2.0f)));
  return _mm256_sub_ps(_mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(one, e)), one);
}

__attribute__((target("avx2,fma"))) void gates_row_avx2(int64_t hidden, const float* g, const float* a,
                                                        const float* t, float* c, float* h) {
  const __m256 forget_bias = _mm256_set1_ps(kForgetBias);
  int64_t k = 0;
  for (; k + 8 <= hidden; k += 8) {
    __m256 gi = _mm256_add_ps(_mm256_loadu_ps(g + k), _mm256_loadu_ps(a + k));
    __m256 gj = _mm256_add_ps(_mm256_loadu_ps(g + hidden + k), _mm256_loadu_ps(a + hidden + k));
    __m256 gf = _mm256_add_ps(_mm256_loadu_ps(g + 2 * hidden + k), _mm256_loadu_ps(a + 2 * hidden + k));
    __m256 go = _mm256_add_ps(_mm256_loadu_ps(g + 3 * hidden + k), _mm256_loadu_ps(a + 3 * hidden + k));
    if (t != nullptr) {
      gi = _mm256_add_ps(gi, _mm256_loadu_ps(t + k));
      gj = _mm256_add_ps(gj, _mm256_loadu_ps(t + hidden + k));
      gf = _mm256_add_ps(gf, _mm256_loadu_ps(t + 2 * hidden + k));
      go = _mm256_add_ps(go, _mm256_loadu_ps(t + 3 * hidden + k));
    }
    const __m256 new_c = _mm256_fmadd_ps(_mm256_loadu_ps(c + k), sigmoid8(_mm256_add_ps(gf, forget_bias)),
                                         _mm256_mul_ps(sigmoid8(gi), tanh8(gj)));
    _mm256_storeu_ps(c + k, new_c);
    _mm256_storeu_ps(h + k, _mm256_mul_ps(tanh8(new_c), sigmoid8(go)));
  }
  gates_row_scalar(k, hidden, g, a, t, c, h);
}

bool cpu_has_avx2_fma() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}

#else

bool cpu_has_avx2_fma() { return false; }

#endif

}  // namespace

bool fused_lstm_gates_vectorised() { return cpu_has_avx2_fma(); }

void fused_lstm_gates(int64_t n_rows, int64_t hidden, const GateRows& rows) {
  const bool vectorised = cpu_has_avx2_fma();
  auto run_rows = [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const float* g = rows.gates + r * rows.gates_stride;
      const float* a = rows.addend + r * rows.addend_stride;
      const float* t = nullptr;
      if (rows.table != nullptr && rows.table_index[r] >= 0) t = rows.table + rows.table_index[r] * 4 * hidden;
      float* c = rows.c + r * rows.c_stride;
      float* h = rows.h + r * rows.h_stride;
#if defined(__x86_64__)
      if (vectorised) {
        gates_row_avx2(hidden, g, a, t, c, h);
        continue;
      }
#endif
      gates_row_scalar(0, hidden, g, a, t, c, h);
    }
  };
  // About 16 k units per task: below that the thread hand-off costs more than it saves.
  const int64_t grain = std::max<int64_t>(1, 16384 / std::max<int64_t>(hidden, 1));
  at::parallel_for(0, n_rows, grain, run_rows);
}

}  // namespace vec2midi::vae
