// The whole picture-to-melody pipeline behind `compose`, `morph` and `serve` (MISSION.md §2): the three
// models are loaded once, then each picture goes image → embedding e → nearest colour centre (or e
// itself) → z = transition(e) → MusicVAE decode → melody. The server shares one Composer between requests.
// Usage: Composer composer(ComposerModels::defaults());  Composition c = composer.compose(bgr, {.n_bars = 1});
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <opencv2/core.hpp>

#include "music/melody.hpp"
#include "render/rgb.hpp"
#include "search/transition.hpp"
#include "vae/fast_decoder.hpp"
#include "vision/colour_class.hpp"
#include "vision/embedder_model.hpp"

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
  uint64_t seed = 0;          ///< seed of temperature sampling (sampling.hpp item_generator)
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

/// The loaded pipeline. compose() and decode() may be called from several threads at once.
class Composer {
 public:
  /// Loads the three models. Throws InputError naming the path (and the command that makes it) when a
  /// file is missing or unreadable, or when the models do not fit together (latent or embedding size).
  explicit Composer(const ComposerModels& models);
  ~Composer();
  Composer(const Composer&) = delete;
  Composer& operator=(const Composer&) = delete;

  /// One picture (8-bit BGR) → colour, distances, z and melody.
  Composition compose(const cv::Mat& bgr, const ComposeOptions& options) const;

  /// Embeddings of pictures: [N, E] float32.
  at::Tensor embed(const std::vector<cv::Mat>& pictures) const;

  /// z = transition(e): e [N, E] → z [N, Z].
  at::Tensor latent(const at::Tensor& embeddings) const;

  /// Decodes z [N, Z] into N melodies of options.n_steps() steps; item i samples with generator i + first_item.
  std::vector<music::Melody> decode(const at::Tensor& z, const ComposeOptions& options, int64_t first_item = 0) const;

  /// A piece that walks the latent space from `a.z` to `b.z` on the great circle (slerp, as Magenta's
  /// MusicVAE.interpolate): n_phrases phrases (>= 2), the first decoded from a.z, the last from b.z, one
  /// after the other. Throws InputError if n_phrases < 2.
  music::Melody morph(const Composition& a, const Composition& b, int64_t n_phrases, const ComposeOptions& options) const;

  const ComposerModels& models() const { return models_; }
  /// Z, the MusicVAE latent size.
  int64_t latent_size() const;

 private:
  ComposerModels models_;
  mutable std::mutex embed_mutex_;                // the embedder's torch module is used by one thread at a time
  mutable vision::EmbedderModel embedder_;
  std::unique_ptr<vae::FastDecoder> decoder_;
  std::unique_ptr<search::Transition> transition_;
  at::Tensor m_;                                  // M(a) = Σ a_j G_j: [D, E]
};

/// Throws InputError "<path>: <what> not found; <how to make it>" if `path` is not a regular file.
void require_model_file(const std::filesystem::path& path, const std::string& what, const std::string& how);

}  // namespace vec2midi::app
