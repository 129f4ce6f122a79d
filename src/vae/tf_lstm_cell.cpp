#include "vae/tf_lstm_cell.hpp"

#include <torch/torch.h>

namespace vec2midi::vae {

LstmState tf_lstm_update(const torch::Tensor& gates, const torch::Tensor& c) {
  const auto parts = gates.chunk(4, /*dim=*/1);  // i, j, f, o: each [B, H]
  const torch::Tensor new_c = c * torch::sigmoid(parts[2] + kForgetBias) + torch::sigmoid(parts[0]) * torch::tanh(parts[1]);
  const torch::Tensor new_h = torch::tanh(new_c) * torch::sigmoid(parts[3]);
  return {new_c, new_h};
}

TfLstmCellImpl::TfLstmCellImpl(int64_t input_size, int64_t hidden_size)
    : input_size_(input_size), hidden_size_(hidden_size) {
  TORCH_CHECK(input_size > 0 && hidden_size > 0, "TfLstmCell: sizes must be positive");
  kernel = register_parameter("kernel", torch::zeros({input_size + hidden_size, 4 * hidden_size}));
  bias = register_parameter("bias", torch::zeros({4 * hidden_size}));
}

LstmState TfLstmCellImpl::forward(const torch::Tensor& x, const LstmState& state) {
  // x [B, in], h [B, H] -> concat [B, in + H] · kernel [in + H, 4H] + bias -> gates [B, 4H]
  const torch::Tensor gates = torch::addmm(bias, torch::cat({x, state.h}, 1), kernel);
  return tf_lstm_update(gates, state.c);
}

}  // namespace vec2midi::vae
