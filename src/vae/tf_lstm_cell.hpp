// An LSTM cell with TensorFlow's BasicLSTMCell / LSTMBlockCell semantics, the cell inside every
// Magenta MusicVAE checkpoint: one kernel [input + hidden, 4·hidden] over concat(x, h), gates split
// i, j, f, o, and a forget bias of +1.0 added at run time (not stored).
// Usage: TfLstmCell cell(346, 256); LstmState s = cell->forward(x, {c, h});   // x [B, 346], c/h [B, 256]
#pragma once

#include <cstdint>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "vae/music_vae_options.hpp"

namespace vec2midi::vae {

/// The state of one LSTM layer.
struct LstmState {
  torch::Tensor c;  ///< cell state [B, H]
  torch::Tensor h;  ///< output [B, H]
};

/// The TensorFlow LSTM update from pre-activations: gates [B, 4H] (i, j, f, o), c [B, H] ->
/// c' = c·σ(f + 1) + σ(i)·tanh(j), h' = tanh(c')·σ(o) (Hochreiter & Schmidhuber 1997; TF BasicLSTMCell).
LstmState tf_lstm_update(const torch::Tensor& gates, const torch::Tensor& c);

/// One TF-style LSTM cell; parameters are stored in TensorFlow's layout so checkpoints load as they are.
class TfLstmCellImpl : public torch::nn::Module {
 public:
  TfLstmCellImpl(int64_t input_size, int64_t hidden_size);

  /// x [B, input], state c/h [B, H] -> new state c/h [B, H]. Autograd-capable.
  LstmState forward(const torch::Tensor& x, const LstmState& state);

  int64_t input_size() const { return input_size_; }
  int64_t hidden_size() const { return hidden_size_; }

  torch::Tensor kernel;  ///< [input + H, 4H], rows: x then h; columns: gates i, j, f, o
  torch::Tensor bias;    ///< [4H]

 private:
  int64_t input_size_;
  int64_t hidden_size_;
};
TORCH_MODULE(TfLstmCell);

}  // namespace vec2midi::vae
