// Test models for the Composer, written once per test process into a temp folder: Magenta's real
// mel_2bar_small decoder imported from ../shared, the shipped embedder's network with nine colour centres
// that are the embeddings of nine flat colour pictures (so a flat red picture is exactly at "red"), and
// a transition drawn from a seed. Usage: const auto& m = fixture_models(); Composer c(m); c.compose(flat_picture(6), {});
#pragma once

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "app/composer.hpp"
#include "io/atomic_file.hpp"
#include "io/random.hpp"
#include "support/shared_data.hpp"
#include "transition/transition_file.hpp"
#include "vae/magenta_import.hpp"
#include "vae/sampling.hpp"
#include "vision/colour_class.hpp"
#include "vision/embedder_model.hpp"
#include "vision/hue_baseline.hpp"

namespace vec2midi::app::testing {

/// A typical B, G, R of each class in index order (black, blue, green, grey, orange, purple, red, white, yellow).
inline cv::Scalar flat_bgr(int label) {
  static const cv::Scalar kBgr[vision::kNumClasses] = {{15, 15, 15},   {200, 60, 20},   {40, 160, 40},
                                                       {128, 128, 128}, {0, 140, 255},   {160, 40, 120},
                                                       {30, 30, 210},  {245, 245, 245}, {0, 220, 240}};
  return kBgr[label];
}

/// A flat picture of class `label`'s typical colour.
inline cv::Mat flat_picture(int label, int size = 48) { return cv::Mat(size, size, CV_8UC3, flat_bgr(label)); }

/// Writes a flat picture as PNG and returns its path.
inline std::filesystem::path write_flat_png(const std::filesystem::path& path, int label, int size = 48) {
  cv::imwrite(path.string(), flat_picture(label, size));
  return path;
}

/// Transition options of the fixture for a latent size (seed 11, K = 100, 9-d embeddings).
inline transition::TransitionOptions fixture_transition_options(int64_t latent_size) {
  transition::TransitionOptions o;
  o.seed = 11;
  o.latent_size = latent_size;
  o.embedding_size = vision::kNumClasses;
  return o;
}

/// Writes a transition file for `latent_size` with coefficients uniform in the search box (seed 5).
inline void write_fixture_transition(const std::filesystem::path& path, int64_t latent_size) {
  transition::TransitionFile file{fixture_transition_options(latent_size), {}, "cat-mel_2bar_small"};
  std::mt19937_64 rng(5);
  for (int64_t j = 0; j < file.options.n_matrices; ++j) {
    file.coefficients.push_back(file.options.box * (2.0 * io::uniform01(rng) - 1.0));
  }
  transition::write_transition_file(path, file);
}

inline ComposerModels make_fixture_models() {
  const std::filesystem::path dir = vec2midi::testing::temp_dir("composer_models");
  ComposerModels m{dir / "vae.safetensors", dir / "embedder.safetensors", dir / "transition.safetensors"};
  vae::import_magenta(vec2midi::testing::shared_path("data/magenta/mel_2bar_small"), m.vae, {.show_progress = false});

  // The shipped embedder's network (trained, so flat colours embed far apart; a random network maps every
  // picture to almost one point), with new centres: the embeddings of the nine flat pictures.
  vision::EmbedderModel e = vision::load_embedder_model(vec2midi::testing::project_path("models/embedder.safetensors"));
  std::vector<cv::Mat> pictures;
  for (int c = 0; c < vision::kNumClasses; ++c) pictures.push_back(flat_picture(c));
  const torch::Tensor flat = vision::embed_images(e, pictures).contiguous();  // [9, 9]
  e.centres.mean.assign(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
  e.centres.std.assign(e.centres.mean.size(), 0.05f);
  e.baseline_centroids.assign(size_t(vision::kNumClasses * vision::n_hue_features(e.baseline_options)), 0.0f);
  vision::save_embedder_model(m.embedder, e, io::DType::F32);

  write_fixture_transition(m.transition, 256);
  return m;
}

/// The fixture's model files (made on first use).
inline const ComposerModels& fixture_models() {
  static const ComposerModels models = make_fixture_models();
  return models;
}

/// " --model A --embedder B --transition C" for command lines.
inline std::string fixture_model_flags() {
  const auto& m = fixture_models();
  return " --model " + m.vae.string() + " --embedder " + m.embedder.string() + " --transition " + m.transition.string();
}

/// True if a 16-bit PCM WAV file holds a sample other than zero.
inline bool wav_has_sound(const std::filesystem::path& path) {
  const std::string bytes = io::read_file(path);
  for (size_t i = 44; i + 1 < bytes.size(); i += 2) {
    if (bytes[i] != 0 || bytes[i + 1] != 0) return true;
  }
  return false;
}

}  // namespace vec2midi::app::testing
