// Test fixture: Magenta's real mel_2bar_small decoder from ../shared (deeplearn.js folder: manifest.json
// + raw little-endian float32 files), built into a MusicVae directly with no importer involved, and
// the magenta.js golden melodies. Usage: MusicVae vae = load_shared_mel_2bar_small();
#pragma once

#include <array>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "music/melody.hpp"
#include "support/shared_data.hpp"
#include "vae/music_vae.hpp"

namespace vec2midi::vae::testing {

/// The decoder of ../shared/data/magenta/mel_2bar_small as a decoder-only MusicVae.
inline MusicVae load_shared_mel_2bar_small() {
  const std::string folder = "data/magenta/mel_2bar_small/";
  const nlohmann::json manifest = vec2midi::testing::shared_json(folder + "manifest.json");
  MusicVaeOptions options = MusicVaeOptions::mel_2bar_small();
  options.has_encoder = false;
  MusicVae vae(options);
  torch::NoGradGuard no_grad;
  for (auto& [name, param] : vae->magenta_variables()) {
    const auto& entry = manifest.at(name);
    std::ifstream in(vec2midi::testing::shared_path(folder + entry.at("filename").get<std::string>()), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(entry.at("shape").get<std::vector<int64_t>>(), param.sizes().vec()) << name;
    EXPECT_EQ(bytes.size(), static_cast<size_t>(param.numel()) * sizeof(float)) << name;
    std::vector<float> values(bytes.size() / sizeof(float));
    std::memcpy(values.data(), bytes.data(), values.size() * sizeof(float));
    param.copy_(torch::from_blob(values.data(), param.sizes(), torch::kFloat));
  }
  return vae;
}

/// The golden file's 64 latent vectors, [64, 256].
inline torch::Tensor golden_z(const nlohmann::json& golden) {
  std::vector<float> values;
  for (const auto& item : golden.at("items")) {
    for (const auto& x : item.at("z")) values.push_back(x.get<float>());
  }
  const int64_t n = static_cast<int64_t>(golden.at("items").size());
  return torch::from_blob(values.data(), {n, static_cast<int64_t>(values.size()) / n}, torch::kFloat).clone();
}

/// Item i's notes as (pitch, start, end) triples, as magenta.js wrote them.
inline std::vector<std::array<int64_t, 3>> golden_notes(const nlohmann::json& item) {
  std::vector<std::array<int64_t, 3>> notes;
  for (const auto& n : item.at("notes")) {
    notes.push_back({n.at("pitch").get<int64_t>(), n.at("start").get<int64_t>(), n.at("end").get<int64_t>()});
  }
  return notes;
}

/// A melody's notes as (pitch, start, end) triples.
inline std::vector<std::array<int64_t, 3>> melody_notes(const music::Melody& melody) {
  std::vector<std::array<int64_t, 3>> notes;
  for (const auto& n : melody.notes) notes.push_back({n.pitch, n.start_step, n.end_step});
  return notes;
}

}  // namespace vec2midi::vae::testing
