// Test fixture: a small randomly initialised MusicVAE whose logits are spread enough to give varied melodies
// (z 12, 20 events, 32 steps), in memory or saved as a model file for the inference decoder.
// Usage: MusicVae vae = random_music_vae(2, 24, 7);  auto path = random_music_vae_file(2, 24, 7);
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <torch/torch.h>

#include "support/shared_data.hpp"
#include "vae/model_io.hpp"
#include "vae/music_vae.hpp"

namespace vec2midi::vae::testing {

/// `layers` decoder layers of `hidden` units, weights from `seed`.
inline MusicVae random_music_vae(int64_t layers, int64_t hidden, uint64_t seed) {
  MusicVaeOptions o;
  o.z_size = 12;
  o.encoder_size = 8;
  o.decoder_size = hidden;
  o.decoder_layers = layers;
  o.n_events = 20;
  o.max_steps = 32;
  MusicVae vae(o);
  vae->reset_parameters(seed);
  torch::NoGradGuard no_grad;
  vae->z_to_initial_state.kernel.normal_(0.0, 0.5);
  vae->output_projection.kernel.mul_(4.0);
  return vae;
}

/// random_music_vae(layers, hidden, seed) saved in a temporary folder.
inline std::filesystem::path random_music_vae_file(int64_t layers, int64_t hidden, uint64_t seed) {
  const auto path = vec2midi::testing::temp_dir("random_music_vae") /
                    ("vae_" + std::to_string(layers) + "_" + std::to_string(hidden) + "_" + std::to_string(seed) +
                     ".safetensors");
  save_music_vae(*random_music_vae(layers, hidden, seed), path);
  return path;
}

}  // namespace vec2midi::vae::testing
