// What a picture becomes and how: the model files a composer loads, the options of one composition and
// its result (app/composer.hpp: compose, morph, serve).
// Usage: ComposerModels m = ComposerModels::defaults();  ComposeOptions o{.n_bars = 2};  c.colour_name();
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/random_stream.hpp"
#include "music/melody.hpp"
#include "render/rgb.hpp"
#include "transition/transition_options.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::app {

/// Default model file names in models/ (app::default_model_path finds them).
inline constexpr const char* kDefaultVaeFile = "default_vae.safetensors";
inline constexpr const char* kDefaultEmbedderFile = "embedder.safetensors";
inline constexpr const char* kDefaultTransitionFile = "transition_default.safetensors";

/// The three model files a Composer loads.
struct ComposerModels {
  std::filesystem::path vae;         ///< MusicVAE model (`vec2midi import-magenta` or `train-vae` output)
  std::filesystem::path embedder;    ///< Image2Vec model with colour centres (`vec2midi train-embedder` output)
  std::filesystem::path transition;  ///< searched transition a for this VAE's latent space

  /// The shipped defaults: models/default_vae.safetensors, embedder.safetensors, transition_default.safetensors.
  static ComposerModels defaults();
};

/// How one picture becomes a melody.
struct ComposeOptions {
  int64_t n_bars = 1;         ///< bars decoded, 1 or 2 (the original decoded 16 steps = 1 bar)
  double temperature = 0.0;   ///< softmax temperature; 0 = greedy argmax (the original: 0.001 ≈ argmax)
  uint64_t seed = 0;          ///< seed of temperature sampling (io::item_generator)
  bool continuous = false;    ///< decode from the picture's own embedding, not its nearest colour centre

  /// Steps decoded: n_bars × 16. Throws InputError unless n_bars is 1 or 2.
  int64_t n_steps() const;
};

/// What a picture became.
struct Composition {
  int colour = 0;                                     ///< nearest colour centre (index into vision::kClassNames)
  std::array<float, vision::kNumClasses> distances{};  ///< squared L2 distance of e to each colour centre
  std::vector<float> embedding;                       ///< the picture's embedding e [E]
  std::vector<float> z;                               ///< the latent vector decoded [Z]
  bool continuous = false;                            ///< z came from e itself (not from the centre)
  music::Melody melody;                               ///< the decoded melody

  /// The colour's name ("red").
  std::string colour_name() const;
  /// The colour notes are drawn in (the class's display colour).
  render::Rgb display_colour() const;
};

/// Throws InputError "<path>: <what> not found; <how to make it>" if `path` is not a regular file.
void require_model_file(const std::filesystem::path& path, const std::string& what, const std::string& how);

/// require_model_file() for each of the three files, saying which command makes it.
void require_model_files(const ComposerModels& models);

/// Throws InputError naming the files when the transition does not map E-d embeddings into the VAE's Z-d
/// latent space (`z_size` of the MusicVAE, `embedding_size` of the embedder).
void check_models_fit(const ComposerModels& models, int64_t z_size, int64_t embedding_size,
                      const transition::TransitionOptions& transition);

}  // namespace vec2midi::app
