#include "vae/tf_lstm_cell.hpp"

#include <cmath>

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace vec2midi::vae {
namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

TEST(TfLstmCell, MatchesHandComputedUpdate) {
  // One input, one unit: kernel rows (x, h), columns (i, j, f, o).
  TfLstmCell cell(1, 1);
  torch::NoGradGuard no_grad;
  cell->kernel.copy_(torch::tensor({{0.5f, -1.0f, 0.25f, 2.0f}, {1.5f, 0.75f, -0.5f, -1.0f}}));
  cell->bias.copy_(torch::tensor({0.1f, 0.2f, -0.3f, 0.4f}));
  const double x = 0.8, h = -0.6, c = 0.9;
  const double i = 0.5 * x + 1.5 * h + 0.1, j = -1.0 * x + 0.75 * h + 0.2;
  const double f = 0.25 * x - 0.5 * h - 0.3, o = 2.0 * x - 1.0 * h + 0.4;
  const double want_c = c * sigmoid(f + 1.0) + sigmoid(i) * std::tanh(j);
  const double want_h = std::tanh(want_c) * sigmoid(o);

  const LstmState s = cell->forward(torch::tensor({{0.8f}}), {torch::tensor({{0.9f}}), torch::tensor({{-0.6f}})});
  EXPECT_NEAR(s.c.item<double>(), want_c, 1e-6);
  EXPECT_NEAR(s.h.item<double>(), want_h, 1e-6);
}

TEST(TfLstmCell, ForgetBiasIsAddedAtRunTime) {
  // All weights zero: c' = c·σ(0 + 1) + σ(0)·tanh(0) = c·σ(1).
  TfLstmCell cell(3, 2);
  const LstmState s = cell->forward(torch::zeros({1, 3}), {torch::ones({1, 2}), torch::zeros({1, 2})});
  EXPECT_NEAR(s.c[0][0].item<double>(), sigmoid(1.0), 1e-6);
  EXPECT_NEAR(s.h[0][1].item<double>(), std::tanh(sigmoid(1.0)) * 0.5, 1e-6);
}

TEST(TfLstmCell, GatesAreOrderedIJFO) {
  // A large bias on the third block (f) alone keeps the old cell state; on the second (j) alone adds σ(0)·tanh(j).
  TfLstmCell cell(1, 1);
  {
    torch::NoGradGuard no_grad;
    cell->bias.copy_(torch::tensor({0.0f, 0.0f, 30.0f, 0.0f}));
  }
  LstmState s = cell->forward(torch::zeros({1, 1}), {torch::full({1, 1}, 0.7f), torch::zeros({1, 1})});
  EXPECT_NEAR(s.c.item<double>(), 0.7, 1e-6);
  {
    torch::NoGradGuard no_grad;
    cell->bias.copy_(torch::tensor({0.0f, 2.0f, 0.0f, 0.0f}));
  }
  s = cell->forward(torch::zeros({1, 1}), {torch::zeros({1, 1}), torch::zeros({1, 1})});
  EXPECT_NEAR(s.c.item<double>(), 0.5 * std::tanh(2.0), 1e-6);
}

TEST(TfLstmCell, KernelHasTensorFlowLayout) {
  TfLstmCell cell(346, 256);
  EXPECT_EQ(cell->kernel.sizes().vec(), (std::vector<int64_t>{602, 1024}));
  EXPECT_EQ(cell->bias.sizes().vec(), (std::vector<int64_t>{1024}));
}

TEST(TfLstmCell, GradientsReachTheKernel) {
  TfLstmCell cell(2, 3);
  {
    torch::NoGradGuard no_grad;
    cell->kernel.uniform_(-0.5, 0.5);
  }
  const LstmState s = cell->forward(torch::ones({4, 2}), {torch::zeros({4, 3}), torch::zeros({4, 3})});
  s.h.sum().backward();
  ASSERT_TRUE(cell->kernel.grad().defined());
  EXPECT_GT(cell->kernel.grad().abs().sum().item<double>(), 0.0);
}

}  // namespace
}  // namespace vec2midi::vae
