// Test fixture for the training code: a tiny seeded MusicVAE and a small synthetic windows dataset with
// several source files (short stepwise melodies in C major), both built in a few milliseconds.
// Usage: MusicVae vae = tiny_trainable_vae(7); music::WindowDataset d = synthetic_windows(12, 4, 8);
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "music/constants.hpp"
#include "music/window_dataset.hpp"
#include "vae/music_vae.hpp"

namespace vec2midi::vae::testing {

/// A tiny MusicVAE over the real 90-event vocabulary: z 4, encoder 6, decoder 2 x 8, 32 steps at most.
inline MusicVaeOptions tiny_training_options() {
  MusicVaeOptions o;
  o.z_size = 4;
  o.encoder_size = 6;
  o.encoder_layers = 1;
  o.decoder_size = 8;
  o.decoder_layers = 2;
  return o;
}

/// tiny_training_options() initialised from `seed`.
inline MusicVae tiny_trainable_vae(uint64_t seed) {
  MusicVae vae(tiny_training_options());
  vae->reset_parameters(seed);
  return vae;
}

/// `n_sources` files of `windows_per_source` windows of `n_steps` steps: a note of a C-major scale on every
/// other step, held in between, pitches drawn from a fixed generator (independent of the code under test).
inline music::WindowDataset synthetic_windows(int64_t n_sources, int64_t windows_per_source, int64_t n_steps) {
  static constexpr int kScale[] = {60, 62, 64, 65, 67, 69, 71, 72};
  std::mt19937_64 rng(12345);
  music::WindowDataset d;
  d.n_steps = n_steps;
  for (int64_t s = 0; s < n_sources; ++s) {
    d.sources.push_back({"tune_" + std::to_string(s) + ".mid", s % 2 ? "corpus_a" : "corpus_b"});
    for (int64_t w = 0; w < windows_per_source; ++w) {
      std::vector<uint8_t> window(static_cast<size_t>(n_steps), music::kNoEvent);
      for (int64_t t = 0; t < n_steps; t += 2) window[static_cast<size_t>(t)] = music::note_on_event(kScale[rng() % 8]);
      d.add(window, s, w);
    }
  }
  return d;
}

/// Loss per step from a train-vae JSON-lines log (log.jsonl; validation lines skipped).
inline std::map<int64_t, double> log_losses(const std::filesystem::path& log) {
  std::map<int64_t, double> out;
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    if (j.contains("loss")) out[j.at("step").get<int64_t>()] = j.at("loss").get<double>();
  }
  return out;
}

}  // namespace vec2midi::vae::testing
