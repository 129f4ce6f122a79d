// One GEMM of a forward pass, y[m, N] = x[m, K]·W (+ b), with W packed once at load for the fastest kernel oneDNN
// has on this CPU (brgemm with AVX-512 / AVX512_BF16 / AVX2 chosen at run time). oneDNN's headers stay inside
// packed_matmul.cpp. Calls from inside an OpenMP parallel region run on the calling thread alone.
// Usage: PackedMatmul mm(w, 256, 1024, Precision::kFloat32); mm.run(batch, x, 256, y, 1024);
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "compute/precision.hpp"

namespace vec2midi::compute {

class PackedMatmul {
 public:
  /// weights [K, N] row-major float32, packed (and for bf16 rounded) now; bias [N] float32 or empty for none.
  PackedMatmul(std::span<const float> weights, int64_t k, int64_t n, Precision precision, std::span<const float> bias = {});
  ~PackedMatmul();
  PackedMatmul(PackedMatmul&&) noexcept;
  PackedMatmul& operator=(PackedMatmul&&) noexcept;

  /// dst[r, :] = src[r, :]·W (+ b) for r < m. src holds float32 (kFloat32) or bfloat16 bits (kBfloat16) with
  /// `lda` elements between rows; dst is float32 with `ldd` floats between rows. Safe to call from several
  /// threads at once (each call uses its own scratch memory).
  void run(int64_t m, const void* src, int64_t lda, float* dst, int64_t ldd) const;

  /// oneDNN's name of the kernel run() uses for m rows (e.g. "brg:avx512_core"), for benchmarks and logs.
  std::string implementation(int64_t m) const;

  int64_t k() const { return k_; }
  int64_t n() const { return n_; }
  Precision precision() const { return precision_; }

 private:
  struct Impl;
  int64_t k_ = 0, n_ = 0;
  Precision precision_ = Precision::kFloat32;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vec2midi::compute
