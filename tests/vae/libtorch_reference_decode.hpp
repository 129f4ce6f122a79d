// The libtorch reference of vae::MelodyDecoder::decode for tests: the training model's own forward pass, one
// MusicVae::decode_step per step without autograd, the event picked by argmax_event (greedy) or sample_event with
// io::item_generator(seed, first_item + i) — the rules MelodyDecoder follows. Slow and simple on purpose.
// Usage: std::vector<uint8_t> want = libtorch_reference_decode(*load_music_vae(path), z, {.n_steps = 32});
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include <torch/torch.h>

#include "io/random_stream.hpp"
#include "vae/decode_options.hpp"
#include "vae/event_sampling.hpp"
#include "vae/music_vae.hpp"

namespace vec2midi::vae {

/// z: n rows of Z floats (row-major) -> n rows of options.n_steps events.
inline std::vector<uint8_t> libtorch_reference_decode(MusicVaeImpl& model, std::span<const float> z,
                                                      const DecodeOptions& options, int64_t first_item = 0) {
  torch::NoGradGuard no_grad;
  const int64_t z_size = model.options().z_size, v = model.options().n_events;
  const int64_t n = int64_t(z.size()) / z_size;
  const torch::Tensor zt = torch::from_blob(const_cast<float*>(z.data()), {n, z_size}, torch::kFloat32).clone();
  std::vector<LstmState> state = model.initial_state(zt);
  std::vector<std::mt19937_64> rngs;
  for (int64_t i = 0; i < n; ++i) rngs.push_back(io::item_generator(options.seed, first_item + i));
  torch::Tensor previous = torch::zeros({n, v});
  std::vector<uint8_t> events(size_t(n * options.n_steps));
  for (int64_t t = 0; t < options.n_steps; ++t) {
    const torch::Tensor logits = model.decode_step(previous, zt, state).contiguous();  // [n, V]
    previous = torch::zeros({n, v});
    for (int64_t i = 0; i < n; ++i) {
      const std::span<const float> row(logits.data_ptr<float>() + i * v, size_t(v));
      const int32_t e = options.temperature > 0.0 ? sample_event(row, options.temperature, rngs[size_t(i)]) : argmax_event(row);
      events[size_t(i * options.n_steps + t)] = uint8_t(e);
      previous[i][e] = 1.0f;
    }
  }
  return events;
}

}  // namespace vec2midi::vae
