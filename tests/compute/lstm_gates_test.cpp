#include "compute/lstm_gates.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <random>
#include <vector>

#include "compute/lstm_gates_detail.hpp"

namespace vec2midi::compute {
namespace {

// Random gate inputs for `rows` rows of width `hidden`, a table of 5 rows, and row 1 without a table row.
struct Inputs {
  Inputs(int64_t rows, int64_t hidden) : n(rows), h(hidden) {
    std::mt19937_64 rng(hidden);
    std::normal_distribution<float> normal(0.0f, 2.0f);
    for (auto* v : {&gates, &addend}) {
      v->resize(size_t(n * 4 * h));
      for (float& x : *v) x = normal(rng);
    }
    table.resize(size_t(5 * 4 * h));
    for (float& x : table) x = normal(rng);
    c.resize(size_t(n * h));
    for (float& x : c) x = normal(rng);
    for (int64_t r = 0; r < n; ++r) index.push_back(r == 1 ? -1 : int32_t(r % 5));
  }
  GateRows rows(std::vector<float>& c_out, float* h_out, uint16_t* h_bf16_out) const {
    return {.gates = gates.data(), .gates_stride = 4 * h, .addend = addend.data(), .addend_stride = 4 * h,
            .table = table.data(), .table_index = index.data(), .c = c_out.data(), .c_stride = h,
            .h = h_out, .h_bf16 = h_bf16_out, .h_stride = h};
  }
  int64_t n, h;
  std::vector<float> gates, addend, table, c;
  std::vector<int32_t> index;
};

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

TEST(LstmGates, FollowsTensorFlowsLstmCell) {
  // c' = c·σ(f + 1) + σ(i)·tanh(j), h' = tanh(c')·σ(o) (TF BasicLSTMCell), against libm in double.
  const Inputs in(3, 37);
  std::vector<float> c = in.c, h(size_t(in.n * in.h));
  lstm_gate_rows(0, in.n, in.h, in.rows(c, h.data(), nullptr));
  for (int64_t r = 0; r < in.n; ++r) {
    for (int64_t k = 0; k < in.h; ++k) {
      double pre[4];
      for (int64_t q = 0; q < 4; ++q) {
        const size_t at = size_t(r * 4 * in.h + q * in.h + k);
        pre[q] = double(in.gates[at]) + in.addend[at];
        if (in.index[size_t(r)] >= 0) pre[q] += in.table[size_t(in.index[size_t(r)] * 4 * in.h + q * in.h + k)];
      }
      const double new_c = in.c[size_t(r * in.h + k)] * sigmoid(pre[2] + 1.0) + sigmoid(pre[0]) * std::tanh(pre[1]);
      EXPECT_NEAR(c[size_t(r * in.h + k)], new_c, 1e-5 * (1.0 + std::abs(new_c))) << r << ", " << k;
      EXPECT_NEAR(h[size_t(r * in.h + k)], std::tanh(new_c) * sigmoid(pre[3]), 2e-6) << r << ", " << k;
    }
  }
}

TEST(LstmGates, EveryVectorWidthGivesTheScalarResultBitForBit) {
  const Inputs in(4, 53);  // 53 = 3·16 + 5: the vector loops and their scalar tails
  std::vector<float> c_scalar = in.c, h_scalar(size_t(in.n * in.h));
  const GateRows scalar_rows = in.rows(c_scalar, h_scalar.data(), nullptr);
  for (int64_t r = 0; r < in.n; ++r) detail::gates_scalar(0, in.h, detail::row_of(scalar_rows, r, in.h));
  int checked = 0;
  for (const bool avx512 : {false, true}) {
    const bool supported = avx512 ? __builtin_cpu_supports("avx512f") : __builtin_cpu_supports("avx2");
    if (!supported || !__builtin_cpu_supports("fma")) continue;
    std::vector<float> c = in.c, h(size_t(in.n * in.h));
    (avx512 ? detail::lstm_gate_rows_avx512 : detail::lstm_gate_rows_avx2)(0, in.n, in.h, in.rows(c, h.data(), nullptr));
    for (size_t i = 0; i < h.size(); ++i) {
      ASSERT_EQ(std::bit_cast<uint32_t>(h[i]), std::bit_cast<uint32_t>(h_scalar[i])) << (avx512 ? "avx512 " : "avx2 ") << i;
      ASSERT_EQ(std::bit_cast<uint32_t>(c[i]), std::bit_cast<uint32_t>(c_scalar[i])) << (avx512 ? "avx512 " : "avx2 ") << i;
    }
    ++checked;
  }
  EXPECT_GE(checked, 1) << "no vector path on this CPU (" << lstm_gates_isa() << ")";
}

TEST(LstmGates, Bfloat16OutputIsTheRoundedFloat32Output) {
  const Inputs in(3, 40);
  std::vector<float> c_f32 = in.c, h_f32(size_t(in.n * in.h));
  std::vector<float> c_bf16 = in.c;
  std::vector<uint16_t> h_bf16(size_t(in.n * in.h));
  lstm_gate_rows(0, in.n, in.h, in.rows(c_f32, h_f32.data(), nullptr));
  lstm_gate_rows(0, in.n, in.h, in.rows(c_bf16, nullptr, h_bf16.data()));
  for (size_t i = 0; i < h_f32.size(); ++i) {
    EXPECT_EQ(h_bf16[i], to_bf16(h_f32[i])) << i;
    EXPECT_EQ(c_bf16[i], c_f32[i]) << i;
  }
}

TEST(LstmGates, ABiasWithStrideZeroIsAddedToEveryRow) {
  Inputs in(3, 16);
  in.addend.resize(size_t(4 * in.h));  // one row, as layers l >= 1 pass their bias
  std::vector<float> c = in.c, h(size_t(in.n * in.h));
  GateRows rows = in.rows(c, h.data(), nullptr);
  rows.addend_stride = 0;
  rows.table = nullptr;
  lstm_gate_rows(0, in.n, in.h, rows);
  const double pre_i = double(in.gates[size_t(2 * 4 * in.h)]) + in.addend[0];  // row 2, unit 0, gate i
  const double pre_j = double(in.gates[size_t(2 * 4 * in.h + in.h)]) + in.addend[size_t(in.h)];
  const double pre_f = double(in.gates[size_t(2 * 4 * in.h + 2 * in.h)]) + in.addend[size_t(2 * in.h)];
  const double new_c = in.c[size_t(2 * in.h)] * sigmoid(pre_f + 1.0) + sigmoid(pre_i) * std::tanh(pre_j);
  EXPECT_NEAR(c[size_t(2 * in.h)], new_c, 1e-5 * (1.0 + std::abs(new_c)));
}

TEST(LstmGates, Bfloat16RoundsToNearestEven) {
  EXPECT_EQ(to_bf16(1.0f), 0x3f80);
  EXPECT_EQ(to_bf16(std::bit_cast<float>(0x3f808000u)), 0x3f80);  // halfway, even stays
  EXPECT_EQ(to_bf16(std::bit_cast<float>(0x3f818000u)), 0x3f82);  // halfway, odd rounds up
  EXPECT_EQ(to_bf16(std::bit_cast<float>(0x3f808001u)), 0x3f81);  // above halfway
  EXPECT_EQ(to_bf16(-2.0f), 0xc000);
  EXPECT_EQ(to_bf16(INFINITY), 0x7f80);
  const uint16_t nan = to_bf16(NAN);
  EXPECT_EQ(nan & 0x7f80, 0x7f80);
  EXPECT_NE(nan & 0x007f, 0);
}

}  // namespace
}  // namespace vec2midi::compute
