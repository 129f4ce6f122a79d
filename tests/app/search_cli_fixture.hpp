// Fixture of the search/evaluate/latent-study command tests: a tiny random MusicVAE and a tiny trained
// embedder written once per test binary. Usage: const auto& f = search_files(); f.model; f.embedder;
#pragma once

#include <filesystem>
#include <string>

#include <torch/torch.h>

#include "support/shared_data.hpp"
#include "vae/model_io.hpp"
#include "vision/embedder_model.hpp"
#include "vision/vision_fixtures.hpp"

namespace vec2midi::app::search_testing {

struct SearchFiles {
  std::filesystem::path model;     ///< decoder-only MusicVAE, z 8, one 32-unit layer
  std::filesystem::path embedder;  ///< 2-step embedder on solid colours
};

inline const SearchFiles& search_files() {
  static const SearchFiles files = [] {
    const auto dir = vec2midi::testing::temp_dir("search_cli_models");
    vae::MusicVaeOptions o;
    o.z_size = 8;
    o.decoder_size = 32;
    o.decoder_layers = 1;
    o.encoder_size = 8;
    o.has_encoder = false;
    vae::MusicVae model(o);
    model->reset_parameters(3);
    {
      torch::NoGradGuard no_grad;
      torch::manual_seed(3);
      model->z_to_initial_state.kernel.normal_(0.0, 1.0);
    }
    SearchFiles f{dir / "tiny_vae.safetensors", dir / "tiny_embedder.safetensors"};
    vae::save_music_vae(*model, f.model);
    vision::TrainRunOptions run;
    run.show_progress = false;
    const auto embedder = vision::train_embedder(vision::fixtures::solid_colour_set(2, 40), vision::fixtures::tiny_options(2), run);
    vision::save_embedder_model(f.embedder, *embedder);
    return f;
  }();
  return files;
}

inline std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

}  // namespace vec2midi::app::search_testing
