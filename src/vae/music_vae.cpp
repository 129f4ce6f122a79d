#include "vae/music_vae.hpp"

#include <cmath>

#include <torch/torch.h>

#include "io/error.hpp"

namespace vec2midi::vae {
namespace {

DenseParams register_dense(torch::nn::Module& m, const std::string& name, int64_t in, int64_t out) {
  return {m.register_parameter(name + "_kernel", torch::zeros({in, out})),
          m.register_parameter(name + "_bias", torch::zeros({out}))};
}

// y = x·kernel + bias; x [..., in] -> [..., out]
torch::Tensor dense(const DenseParams& p, const torch::Tensor& x) { return torch::matmul(x, p.kernel) + p.bias; }

void glorot_uniform_(torch::Tensor& w, torch::Generator& gen) {
  // TF glorot_uniform: U(-a, a), a = sqrt(6 / (fan_in + fan_out)) with fan_in = rows, fan_out = cols.
  const double a = std::sqrt(6.0 / static_cast<double>(w.size(0) + w.size(1)));
  w.uniform_(-a, a, gen);
}

std::string encoder_cell_name(int64_t layer, const char* direction) {
  return "encoder/cell_" + std::to_string(layer) + "/bidirectional_rnn/" + direction +
         "/multi_rnn_cell/cell_0/lstm_cell/";
}

}  // namespace

MusicVaeImpl::MusicVaeImpl(MusicVaeOptions options) : options_(options) {
  const auto& o = options_;
  TORCH_CHECK(o.z_size > 0 && o.decoder_size > 0 && o.decoder_layers > 0 && o.n_events > 0,
              "MusicVaeOptions sizes must be positive");
  z_to_initial_state = register_dense(*this, "z_to_initial_state", o.z_size, 2 * o.decoder_layers * o.decoder_size);
  for (int64_t l = 0; l < o.decoder_layers; ++l) {
    const int64_t input = l == 0 ? o.n_events + o.z_size : o.decoder_size;
    decoder_cells.push_back(register_module("decoder_cell_" + std::to_string(l), TfLstmCell(input, o.decoder_size)));
  }
  output_projection = register_dense(*this, "output_projection", o.decoder_size, o.n_events);
  if (o.has_encoder) {
    TORCH_CHECK(o.encoder_size > 0 && o.encoder_layers > 0, "MusicVaeOptions encoder sizes must be positive");
    for (int64_t l = 0; l < o.encoder_layers; ++l) {
      const int64_t input = l == 0 ? o.n_events : 2 * o.encoder_size;
      encoder_fw.push_back(register_module("encoder_fw_" + std::to_string(l), TfLstmCell(input, o.encoder_size)));
      encoder_bw.push_back(register_module("encoder_bw_" + std::to_string(l), TfLstmCell(input, o.encoder_size)));
    }
    encoder_mu = register_dense(*this, "encoder_mu", 2 * o.encoder_size, o.z_size);
    encoder_sigma = register_dense(*this, "encoder_sigma", 2 * o.encoder_size, o.z_size);
  }
}

void MusicVaeImpl::reset_parameters(uint64_t seed) {
  torch::NoGradGuard no_grad;
  auto gen = at::detail::createCPUGenerator(seed);
  // Magenta lstm_utils.initial_cell_state_from_embedding and the μ/σ layers: N(0, 0.001²) kernels.
  z_to_initial_state.kernel.normal_(0.0, 0.001, gen);
  z_to_initial_state.bias.zero_();
  for (auto& cell : decoder_cells) {
    glorot_uniform_(cell->kernel, gen);
    cell->bias.zero_();
  }
  glorot_uniform_(output_projection.kernel, gen);  // tf.layers.Dense default
  output_projection.bias.zero_();
  for (size_t l = 0; l < encoder_fw.size(); ++l) {
    for (auto* cell : {&encoder_fw[l], &encoder_bw[l]}) {
      glorot_uniform_((*cell)->kernel, gen);
      (*cell)->bias.zero_();
    }
  }
  if (options_.has_encoder) {
    for (auto* d : {&encoder_mu, &encoder_sigma}) {
      d->kernel.normal_(0.0, 0.001, gen);
      d->bias.zero_();
    }
  }
}

std::vector<std::pair<std::string, torch::Tensor>> MusicVaeImpl::magenta_variables() const {
  std::vector<std::pair<std::string, torch::Tensor>> vars;
  vars.emplace_back("decoder/z_to_initial_state/kernel", z_to_initial_state.kernel);
  vars.emplace_back("decoder/z_to_initial_state/bias", z_to_initial_state.bias);
  for (size_t l = 0; l < decoder_cells.size(); ++l) {
    const std::string prefix = "decoder/multi_rnn_cell/cell_" + std::to_string(l) + "/lstm_cell/";
    vars.emplace_back(prefix + "kernel", decoder_cells[l]->kernel);
    vars.emplace_back(prefix + "bias", decoder_cells[l]->bias);
  }
  vars.emplace_back("decoder/output_projection/kernel", output_projection.kernel);
  vars.emplace_back("decoder/output_projection/bias", output_projection.bias);
  if (options_.has_encoder) {
    for (size_t l = 0; l < encoder_fw.size(); ++l) {
      vars.emplace_back(encoder_cell_name(static_cast<int64_t>(l), "fw") + "kernel", encoder_fw[l]->kernel);
      vars.emplace_back(encoder_cell_name(static_cast<int64_t>(l), "fw") + "bias", encoder_fw[l]->bias);
      vars.emplace_back(encoder_cell_name(static_cast<int64_t>(l), "bw") + "kernel", encoder_bw[l]->kernel);
      vars.emplace_back(encoder_cell_name(static_cast<int64_t>(l), "bw") + "bias", encoder_bw[l]->bias);
    }
    vars.emplace_back("encoder/mu/kernel", encoder_mu.kernel);
    vars.emplace_back("encoder/mu/bias", encoder_mu.bias);
    vars.emplace_back("encoder/sigma/kernel", encoder_sigma.kernel);
    vars.emplace_back("encoder/sigma/bias", encoder_sigma.bias);
  }
  return vars;
}

Posterior MusicVaeImpl::encode(const torch::Tensor& sequences) {
  // sequences [B, T, n_events] -> μ, σ [B, Z]
  if (!options_.has_encoder) {
    throw Error("this MusicVAE model is decoder-only (has_encoder = false): it cannot encode melodies; "
                "use a model file that includes an encoder");
  }
  TORCH_CHECK(sequences.dim() == 3 && sequences.size(2) == options_.n_events,
              "MusicVae::encode expects [B, T, n_events] one-hot sequences");
  const int64_t batch = sequences.size(0);
  const int64_t n_steps = sequences.size(1);
  const int64_t e = options_.encoder_size;
  torch::Tensor inputs = sequences.to(torch::kFloat32);  // [B, T, in]
  torch::Tensor final_fw, final_bw;
  for (size_t l = 0; l < encoder_fw.size(); ++l) {
    LstmState fw{torch::zeros({batch, e}, inputs.options()), torch::zeros({batch, e}, inputs.options())};
    LstmState bw = fw;
    std::vector<torch::Tensor> out_fw(n_steps), out_bw(n_steps);
    for (int64_t t = 0; t < n_steps; ++t) {
      fw = encoder_fw[l]->forward(inputs.select(1, t), fw);
      out_fw[t] = fw.h;
      bw = encoder_bw[l]->forward(inputs.select(1, n_steps - 1 - t), bw);
      out_bw[n_steps - 1 - t] = bw.h;
    }
    final_fw = fw.h;
    final_bw = bw.h;
    // Next layer's input: concat(fw outputs, bw outputs) per step, [B, T, 2E] (stack_bidirectional_dynamic_rnn).
    inputs = torch::cat({torch::stack(out_fw, 1), torch::stack(out_bw, 1)}, 2);
  }
  const torch::Tensor final_state = torch::cat({final_fw, final_bw}, 1);  // [B, 2E]
  return {dense(encoder_mu, final_state), torch::softplus(dense(encoder_sigma, final_state))};
}

torch::Tensor MusicVaeImpl::sample_posterior(const Posterior& posterior, torch::Generator generator) {
  // μ, σ [B, Z] -> z [B, Z]
  const torch::Tensor eps = at::randn(posterior.mu.sizes(), generator, posterior.mu.options());
  return posterior.mu + posterior.sigma * eps;
}

std::vector<LstmState> MusicVaeImpl::initial_state(const torch::Tensor& z) {
  // z [B, Z] -> tanh(z·W + b) [B, 2·L·H] -> (c_l, h_l) [B, H] each
  const auto parts = torch::tanh(dense(z_to_initial_state, z)).chunk(2 * options_.decoder_layers, 1);
  std::vector<LstmState> state;
  for (int64_t l = 0; l < options_.decoder_layers; ++l) state.push_back({parts[2 * l], parts[2 * l + 1]});
  return state;
}

torch::Tensor MusicVaeImpl::decode_step(const torch::Tensor& previous, const torch::Tensor& z,
                                        std::vector<LstmState>& state) {
  // previous [B, n_events], z [B, Z] -> layer 0 input [B, n_events + Z]; each layer -> h [B, H]; logits [B, n_events]
  torch::Tensor x = torch::cat({previous, z}, 1);
  for (size_t l = 0; l < decoder_cells.size(); ++l) {
    state[l] = decoder_cells[l]->forward(x, state[l]);
    x = state[l].h;
  }
  return dense(output_projection, x);
}

torch::Tensor MusicVaeImpl::decode_logits(const torch::Tensor& z, const torch::Tensor& targets) {
  // z [B, Z], targets [B, T, n_events] -> logits [B, T, n_events]
  TORCH_CHECK(targets.dim() == 3 && targets.size(2) == options_.n_events && targets.size(0) == z.size(0),
              "MusicVae::decode_logits expects targets [B, T, n_events] matching z [B, Z]");
  std::vector<LstmState> state = initial_state(z);
  torch::Tensor previous = torch::zeros({z.size(0), options_.n_events}, z.options());
  std::vector<torch::Tensor> logits;
  for (int64_t t = 0; t < targets.size(1); ++t) {
    logits.push_back(decode_step(previous, z, state));
    previous = targets.select(1, t).to(z.scalar_type());
  }
  return torch::stack(logits, 1);
}

torch::Tensor MusicVaeImpl::greedy_decode_reference(const torch::Tensor& z, int64_t n_steps) {
  // z [B, Z] -> events [B, n_steps]
  torch::NoGradGuard no_grad;
  std::vector<LstmState> state = initial_state(z);
  torch::Tensor previous = torch::zeros({z.size(0), options_.n_events}, z.options());
  std::vector<torch::Tensor> events;
  for (int64_t t = 0; t < n_steps; ++t) {
    const torch::Tensor label = decode_step(previous, z, state).argmax(1);  // [B]
    events.push_back(label);
    previous = torch::one_hot(label, options_.n_events).to(z.scalar_type());
  }
  return torch::stack(events, 1);
}

}  // namespace vec2midi::vae
