// Tiny seeded fixtures for the search tests: a small random-init MusicVAE (decodes in microseconds), its
// inference decoder (through a model file, as the commands load it) and a random labelled embedding set.
// Usage: vae::MelodyDecoder d = tiny_decoder(); auto set = random_embeddings(20, 9, 3);
#pragma once

#include <cstdint>
#include <string>

#include <torch/torch.h>

#include "search/embedding_set.hpp"
#include "support/shared_data.hpp"
#include "vae/melody_decoder.hpp"
#include "vae/model_io.hpp"
#include "vae/music_vae.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::search::testing {

/// A decoder-only MusicVAE with z 8, one 32-unit decoder layer, random weights from `seed`.
inline vae::MusicVae tiny_vae(uint64_t seed = 3) {
  vae::MusicVaeOptions o;
  o.z_size = 8;
  o.decoder_size = 32;
  o.decoder_layers = 1;
  o.encoder_size = 8;
  o.has_encoder = false;
  vae::MusicVae model(o);
  model->reset_parameters(seed);
  // Larger z -> state weights than Magenta's N(0, 0.001²) so that different z give different melodies.
  torch::NoGradGuard no_grad;
  torch::manual_seed(seed);
  model->z_to_initial_state.kernel.normal_(0.0, 1.0);
  return model;
}

/// tiny_vae(seed) saved as a model file and loaded by the inference decoder.
inline vae::MelodyDecoder tiny_decoder(uint64_t seed = 3) {
  const auto path = vec2midi::testing::temp_dir("tiny_decoder_" + std::to_string(seed)) / "tiny.safetensors";
  vae::save_music_vae(*tiny_vae(seed), path);
  return vae::MelodyDecoder(path);
}

/// n_per_class embeddings of dimension e per class, class c centred at a random point.
inline EmbeddingSet random_embeddings(int64_t n_per_class, int64_t e, uint64_t seed) {
  torch::manual_seed(seed);
  const torch::Tensor centres = torch::randn({vision::kNumClasses, e});
  std::vector<torch::Tensor> rows;
  EmbeddingSet set{.embedding_size = e, .embeddings = {}, .labels = {}};
  for (int c = 0; c < vision::kNumClasses; ++c) {
    rows.push_back(centres[c] + 0.05 * torch::randn({n_per_class, e}));
    for (int64_t i = 0; i < n_per_class; ++i) set.labels.push_back(c);
  }
  const torch::Tensor all = torch::cat(rows, 0).contiguous();
  set.embeddings.assign(all.data_ptr<float>(), all.data_ptr<float>() + all.numel());
  return set;
}

}  // namespace vec2midi::search::testing
