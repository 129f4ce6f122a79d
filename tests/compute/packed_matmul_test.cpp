#include "compute/packed_matmul.hpp"

#include <gtest/gtest.h>

#include "support/bf16_available.hpp"

#include <bit>
#include <cmath>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "compute/lstm_gates.hpp"
#include "io/error.hpp"

namespace vec2midi::compute {
namespace {

std::vector<float> random_values(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = normal(rng);
  return v;
}

float from_bf16(uint16_t bits) { return std::bit_cast<float>(uint32_t(bits) << 16); }

// y[r, :] = x[r, :]·w + b in double, x with row stride lda.
std::vector<double> product(const std::vector<float>& x, int64_t m, int64_t lda, const std::vector<float>& w, int64_t k,
                            int64_t n, const std::vector<float>& b) {
  std::vector<double> y(size_t(m * n), 0.0);
  for (int64_t r = 0; r < m; ++r) {
    for (int64_t j = 0; j < n; ++j) {
      double sum = b.empty() ? 0.0 : b[size_t(j)];
      for (int64_t q = 0; q < k; ++q) sum += double(x[size_t(r * lda + q)]) * w[size_t(q * n + j)];
      y[size_t(r * n + j)] = sum;
    }
  }
  return y;
}

TEST(PackedMatmul, Float32MatchesTheProductWithStridesAndBias) {
  const int64_t k = 70, n = 90;
  const std::vector<float> w = random_values(size_t(k * n), 1), b = random_values(size_t(n), 2);
  for (const bool with_bias : {false, true}) {
    const PackedMatmul mm(w, k, n, Precision::kFloat32, with_bias ? std::span<const float>(b) : std::span<const float>());
    for (const int64_t m : {1, 7, 130}) {
      const int64_t lda = k + 3, ldd = n + 5;
      const std::vector<float> x = random_values(size_t(m * lda), 3 + m);
      std::vector<float> y(size_t(m * ldd), -7.0f);
      mm.run(m, x.data(), lda, y.data(), ldd);
      const std::vector<double> want = product(x, m, lda, w, k, n, with_bias ? b : std::vector<float>());
      for (int64_t r = 0; r < m; ++r) {
        for (int64_t j = 0; j < n; ++j) {
          ASSERT_NEAR(y[size_t(r * ldd + j)], want[size_t(r * n + j)], 1e-4) << m << " rows, " << r << ", " << j;
        }
        EXPECT_EQ(y[size_t(r * ldd + n)], -7.0f) << "wrote past the row's N columns";
      }
    }
  }
}

TEST(PackedMatmul, Bfloat16MultipliesTheRoundedInputs) {
  if (!vec2midi::testing::bf16_matmul_available()) GTEST_SKIP() << "oneDNN has no bf16 matmul on this CPU (no AVX-512)";
  const int64_t k = 64, n = 48, m = 33;
  const std::vector<float> w = random_values(size_t(k * n), 4), x = random_values(size_t(m * k), 5);
  std::vector<uint16_t> x_bf16(x.size());
  std::vector<float> x_rounded(x.size()), w_rounded(w.size());
  for (size_t i = 0; i < x.size(); ++i) x_rounded[i] = from_bf16(x_bf16[i] = to_bf16(x[i]));
  for (size_t i = 0; i < w.size(); ++i) w_rounded[i] = from_bf16(to_bf16(w[i]));
  const PackedMatmul mm(w, k, n, Precision::kBfloat16);
  std::vector<float> y(size_t(m * n));
  mm.run(m, x_bf16.data(), k, y.data(), n);
  const std::vector<double> want = product(x_rounded, m, k, w_rounded, k, n, {});
  const std::vector<double> unrounded = product(x, m, k, w, k, n, {});
  double largest_gap = 0.0;
  for (size_t i = 0; i < y.size(); ++i) {
    ASSERT_NEAR(y[i], want[i], 1e-4) << i;  // float32 accumulation of exact bf16 products
    largest_gap = std::max(largest_gap, std::abs(want[i] - unrounded[i]));
  }
  EXPECT_GT(largest_gap, 1e-3) << "the inputs were not rounded to bf16";
}

TEST(PackedMatmul, ConcurrentCallsGiveTheSameResults) {
  const int64_t k = 96, n = 128;
  const PackedMatmul mm(random_values(size_t(k * n), 6), k, n, Precision::kFloat32);
  const std::vector<float> x = random_values(size_t(200 * k), 7);
  std::vector<float> alone(size_t(200 * n));
  mm.run(200, x.data(), k, alone.data(), n);
  std::vector<std::vector<float>> got(4, std::vector<float>(size_t(200 * n)));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int rep = 0; rep < 5; ++rep) mm.run(200, x.data(), k, got[size_t(t)].data(), n);
    });
  }
  for (std::thread& t : threads) t.join();
  for (const auto& g : got) EXPECT_EQ(g, alone);
}

TEST(PackedMatmul, RefusesWeightsOfTheWrongSize) {
  const std::vector<float> w(10, 1.0f);
  EXPECT_THROW(PackedMatmul(w, 3, 3, Precision::kFloat32), Error);
  EXPECT_THROW(PackedMatmul(w, 2, 5, Precision::kFloat32, std::vector<float>(4, 0.0f)), Error);
  EXPECT_NO_THROW(PackedMatmul(w, 2, 5, Precision::kFloat32, std::vector<float>(5, 0.0f)));
}

// oneDNN's bf16 matmul needs AVX-512 (avx512_core); without it the user's --precision bf16 is one InputError naming
// the way out, never oneDNN's own "could not create a primitive descriptor".
TEST(PackedMatmul, Bfloat16RunsWithAvx512AndIsAnInputErrorWithout) {
  const bool avx512_core = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
  const PackedMatmul mm(random_values(8 * 4, 9), 8, 4, Precision::kBfloat16);
  const std::vector<uint16_t> x(8, 0x3f80);
  std::vector<float> y(4);
  if (avx512_core) {
    EXPECT_NO_THROW(mm.run(1, x.data(), 8, y.data(), 4));
    return;
  }
  try {
    mm.run(1, x.data(), 8, y.data(), 4);
    FAIL() << "bf16 ran on a CPU without AVX-512";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--precision f32"), std::string::npos) << e.what();
  }
}

TEST(PackedMatmul, NamesItsKernel) {
  const PackedMatmul mm(random_values(256 * 1024, 8), 256, 1024, Precision::kFloat32);
  EXPECT_FALSE(mm.implementation(128).empty());
}

}  // namespace
}  // namespace vec2midi::compute
