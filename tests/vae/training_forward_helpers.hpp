// Small tensors for the training tests. Usage: torch::Tensor x = random_one_hot(3, 8, 90, seed);  // [3, 8, 90]
#pragma once

#include <cstdint>

#include <torch/torch.h>

namespace vec2midi::vae::testing {

/// One-hot sequences [batch, n_steps, n_events] of uniformly drawn events, from a seeded generator.
inline torch::Tensor random_one_hot(int64_t batch, int64_t n_steps, int64_t n_events, uint64_t seed) {
  auto gen = at::detail::createCPUGenerator(seed);
  const torch::Tensor events = at::randint(n_events, {batch, n_steps}, gen, torch::kInt64);
  return torch::one_hot(events, n_events).to(torch::kFloat32);
}

}  // namespace vec2midi::vae::testing
