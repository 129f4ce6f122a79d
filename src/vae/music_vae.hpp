// The MusicVAE of Roberts et al. 2018 (arXiv:1803.05428) in libtorch, with Magenta's exact semantics
// (MISSION.md §3): bi-LSTM encoder -> (μ, σ), z -> tanh(dense) -> initial (c, h) of every decoder
// layer, an LSTM decoder fed concat(previous one-hot, z), and a projection to the event logits.
// Usage: MusicVae vae(MusicVaeOptions::mel_2bar_small()); auto logits = vae->decode_logits(z, targets);
// Inference (no libtorch) lives in melody_decoder.hpp; files in model_io.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "vae/music_vae_options.hpp"
#include "vae/tf_lstm_cell.hpp"

namespace vec2midi::vae {

/// A dense layer in TensorFlow's layout (tf.layers.dense): y = x·kernel + bias.
struct DenseParams {
  torch::Tensor kernel;  ///< [in, out]
  torch::Tensor bias;    ///< [out]
};

/// The approximate posterior q(z | x) = N(μ, diag(σ²)).
struct Posterior {
  torch::Tensor mu;     ///< [B, Z]
  torch::Tensor sigma;  ///< [B, Z], > 0 (softplus)
};

/// A Magenta MusicVAE with a flat (non-hierarchical) LSTM decoder, the model of the 2-bar melody configs.
class MusicVaeImpl : public torch::nn::Module {
 public:
  /// Builds the architecture with all parameters zero; call reset_parameters() or load weights.
  explicit MusicVaeImpl(MusicVaeOptions options);

  const MusicVaeOptions& options() const { return options_; }

  /// Random initialisation as in Magenta (glorot-uniform LSTM and output kernels, N(0, 0.001²) for the
  /// z -> state and μ/σ kernels, zero biases), drawn from a CPU generator seeded with `seed`.
  void reset_parameters(uint64_t seed);

  /// Every parameter under its Magenta checkpoint variable name (e.g.
  /// "decoder/multi_rnn_cell/cell_0/lstm_cell/kernel"); the tensors share storage with the module.
  /// Encoder variables are listed only when options().has_encoder.
  std::vector<std::pair<std::string, torch::Tensor>> magenta_variables() const;

  /// Encodes one-hot sequences [B, T, n_events] to the posterior (μ, σ) [B, Z]. Throws vec2midi::Error
  /// if the model has no encoder. Autograd-capable.
  Posterior encode(const torch::Tensor& sequences);

  /// Draws z = μ + σ·ε, ε ~ N(0, I) from `generator` (the reparameterisation trick): [B, Z].
  static torch::Tensor sample_posterior(const Posterior& posterior, torch::Generator generator);

  /// Initial decoder state from z [B, Z]: tanh(z·W + b) split into (c0, h0, c1, h1, …), each [B, H].
  std::vector<LstmState> initial_state(const torch::Tensor& z);

  /// One decoder step: previous output one-hot [B, n_events] (zeros at the first step), z [B, Z] and the
  /// state of every layer (updated in place) -> logits [B, n_events]. Autograd-capable.
  torch::Tensor decode_step(const torch::Tensor& previous, const torch::Tensor& z, std::vector<LstmState>& state);

  /// Teacher-forced decoding for training: z [B, Z], targets one-hot [B, T, n_events] -> logits [B, T, n_events];
  /// step t is fed targets[:, t-1] (zeros at t = 0), as Magenta's BaseLstmDecoder.reconstruction_loss.
  torch::Tensor decode_logits(const torch::Tensor& z, const torch::Tensor& targets);

  /// Reference greedy decoding (argmax fed back), one decode_step per step without autograd:
  /// z [B, Z] -> events [B, n_steps] (int64). Slow but simple; MelodyDecoder must agree with it.
  torch::Tensor greedy_decode_reference(const torch::Tensor& z, int64_t n_steps);

  // Decoder parameters (Magenta names in magenta_variables()).
  DenseParams z_to_initial_state;         ///< [Z, 2·layers·H]
  std::vector<TfLstmCell> decoder_cells;  ///< layer 0 input n_events + Z, layer l > 0 input H
  DenseParams output_projection;          ///< [H, n_events]
  // Encoder parameters (absent when !options().has_encoder).
  std::vector<TfLstmCell> encoder_fw;  ///< per layer; layer 0 input n_events, layer l > 0 input 2·E
  std::vector<TfLstmCell> encoder_bw;  ///< same shapes as encoder_fw
  DenseParams encoder_mu;              ///< [2E, Z]
  DenseParams encoder_sigma;           ///< [2E, Z]

 private:
  MusicVaeOptions options_;
};
TORCH_MODULE(MusicVae);

}  // namespace vec2midi::vae
