#include "vae/training_forward.hpp"

#include <vector>

#include <torch/torch.h>

namespace vec2midi::vae {

torch::Tensor events_one_hot(const torch::Tensor& events, int64_t n_events) {
  // [B, T] int64 -> [B, T, V] float
  return torch::one_hot(events, n_events).to(torch::kFloat32);
}

torch::Tensor decode_scheduled(MusicVaeImpl& model, const torch::Tensor& z, const torch::Tensor& targets,
                               double sampling_probability, torch::Generator& generator) {
  // z [B, Z], targets [B, T] -> logits [B, T, V]
  const MusicVaeOptions& o = model.options();
  TORCH_CHECK(z.dim() == 2 && z.size(1) == o.z_size, "decode_scheduled: z must be [B, z_size]");
  TORCH_CHECK(targets.dim() == 2 && targets.size(0) == z.size(0), "decode_scheduled: targets must be [B, T]");
  const int64_t batch = z.size(0);
  const int64_t n_steps = targets.size(1);
  const int64_t v = o.n_events;

  // Layer 0's kernel rows are [previous one-hot (V) | z (Z) | h (H)] (input = concat(previous, z), then h).
  TfLstmCell& cell0 = model.decoder_cells[0];
  const torch::Tensor k_x = cell0->kernel.narrow(0, 0, v);                   // [V, 4H]
  const torch::Tensor k_z = cell0->kernel.narrow(0, v, o.z_size);            // [Z, 4H]
  const torch::Tensor k_h = cell0->kernel.narrow(0, v + o.z_size, o.decoder_size);  // [H, 4H]
  const torch::Tensor from_z = torch::addmm(cell0->bias, z, k_z);            // [B, 4H], once per batch

  std::vector<LstmState> state = model.initial_state(z);
  torch::Tensor previous;  // [B] int64; undefined at step 0 (all-zero input)
  std::vector<torch::Tensor> logits(static_cast<size_t>(n_steps));
  for (int64_t t = 0; t < n_steps; ++t) {
    torch::Tensor gates = torch::addmm(from_z, state[0].h, k_h);  // [B, 4H]
    if (previous.defined()) gates = gates + k_x.index_select(0, previous);
    state[0] = tf_lstm_update(gates, state[0].c);
    for (size_t l = 1; l < state.size(); ++l) state[l] = model.decoder_cells[l]->forward(state[l - 1].h, state[l]);
    const torch::Tensor step_logits = torch::addmm(model.output_projection.bias, state.back().h,
                                                   model.output_projection.kernel);  // [B, V]
    logits[static_cast<size_t>(t)] = step_logits;

    previous = targets.select(1, t);
    if (sampling_probability > 0.0 && t + 1 < n_steps) {
      torch::NoGradGuard no_grad;
      const torch::Tensor coin = at::rand({batch}, generator) < sampling_probability;            // [B] bool
      const torch::Tensor probs = torch::softmax(step_logits.detach(), 1);                      // [B, V]
      const torch::Tensor sampled = at::multinomial(probs, 1, false, generator).squeeze(1);     // [B]
      previous = torch::where(coin, sampled, previous);
    }
  }
  return torch::stack(logits, 1);
}

TrainingForward training_forward(MusicVaeImpl& model, const torch::Tensor& events, double sampling_probability,
                                 torch::Generator& generator, bool sample_z) {
  // events [B, T] -> one-hot [B, T, V] -> μ, σ [B, Z] -> z [B, Z] -> logits [B, T, V]
  TrainingForward f;
  f.posterior = model.encode(events_one_hot(events, model.options().n_events));
  f.z = sample_z ? MusicVaeImpl::sample_posterior(f.posterior, generator) : f.posterior.mu;
  f.logits = decode_scheduled(model, f.z, events, sampling_probability, generator);
  return f;
}

}  // namespace vec2midi::vae
