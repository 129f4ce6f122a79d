// The inference layer's fused gate update (compute/lstm_gates.hpp) against the training layer's TF LSTM cell
// (vae/tf_lstm_cell.hpp, libtorch's exp and tanh): the twins must agree where the decoders meet.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "compute/lstm_gates.hpp"
#include "vae/tf_lstm_cell.hpp"

namespace vec2midi::vae {
namespace {

// Runs compute::lstm_gate_rows on `rows` rows and compares c', h' with tf_lstm_update (libtorch's exp/tanh).
void expect_matches_reference(int64_t rows, int64_t hidden, bool with_table, bool shared_bias) {
  torch::manual_seed(7);
  const torch::Tensor gemm = torch::randn({rows, 4 * hidden}) * 3.0;
  const torch::Tensor addend = shared_bias ? torch::randn({1, 4 * hidden}) : torch::randn({rows, 4 * hidden});
  const torch::Tensor table = torch::randn({5, 4 * hidden});
  std::vector<int32_t> index(static_cast<size_t>(rows));
  for (int64_t r = 0; r < rows; ++r) index[r] = static_cast<int32_t>(r % 6) - 1;  // -1 = no row
  torch::Tensor c = torch::randn({rows, hidden}) * 2.0;

  torch::Tensor pre = gemm + addend;
  if (with_table) {
    for (int64_t r = 0; r < rows; ++r) {
      if (index[r] >= 0) pre[r] += table[index[r]];
    }
  }
  const LstmState want = tf_lstm_update(pre, c);

  torch::Tensor h = torch::empty({rows, hidden});
  compute::lstm_gate_rows(0, rows, hidden,
                          compute::GateRows{.gates = gemm.data_ptr<float>(), .gates_stride = 4 * hidden,
                                            .addend = addend.data_ptr<float>(),
                                            .addend_stride = shared_bias ? 0 : 4 * hidden,
                                            .table = with_table ? table.data_ptr<float>() : nullptr,
                                            .table_index = index.data(),
                                            .c = c.data_ptr<float>(), .c_stride = hidden,
                                            .h = h.data_ptr<float>(), .h_stride = hidden});
  EXPECT_LT((c - want.c).abs().max().item<double>(), 2e-6);
  EXPECT_LT((h - want.h).abs().max().item<double>(), 2e-6);
}

TEST(FusedLstmGates, MatchesTfLstmUpdate) { expect_matches_reference(33, 64, false, false); }

TEST(FusedLstmGates, AddsTableRowsByIndex) { expect_matches_reference(17, 32, true, false); }

TEST(FusedLstmGates, BroadcastsABiasWithStrideZero) { expect_matches_reference(9, 16, false, true); }

TEST(FusedLstmGates, HandlesWidthsThatAreNotAMultipleOfTheVectorWidth) {
  expect_matches_reference(5, 13, true, false);
}

TEST(FusedLstmGates, ManyRowsMatch) { expect_matches_reference(700, 256, true, false); }

TEST(FusedLstmGates, SaturatesWithoutNaN) {
  // Gates far outside the exp range: σ -> 0 or 1, tanh -> ±1, never NaN.
  const int64_t hidden = 8;
  std::vector<float> g(4 * hidden), a(4 * hidden, 0.0f), c(hidden, 0.5f), h(hidden);
  for (int64_t k = 0; k < 4 * hidden; ++k) g[k] = (k % 2 == 0) ? 1e4f : -1e4f;
  compute::lstm_gate_rows(0, 1, hidden,
                          compute::GateRows{.gates = g.data(), .gates_stride = 4 * hidden, .addend = a.data(),
                                            .addend_stride = 0, .c = c.data(), .c_stride = hidden, .h = h.data(),
                                            .h_stride = hidden});
  for (int64_t k = 0; k < hidden; ++k) {
    EXPECT_TRUE(std::isfinite(c[k]));
    EXPECT_TRUE(std::isfinite(h[k]));
    EXPECT_LE(std::abs(h[k]), 1.0f);
  }
}

}  // namespace
}  // namespace vec2midi::vae
