// The whole picture-to-melody pipeline behind `compose`, `morph` and `serve` (MISSION.md §2): the three
// models are loaded once, then each picture goes image → embedding e → nearest colour centre (or e
// itself) → z = transition(e) → MusicVAE decode → melody. The server shares one Composer between requests.
// The same results as PlainComposer (plain_composer.hpp), which `compose` uses without loading libtorch.
// Usage: Composer composer(ComposerModels::defaults());  Composition c = composer.compose(bgr, {.n_bars = 1});
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include <ATen/core/Tensor.h>
#include <opencv2/core.hpp>

#include "app/composition.hpp"
#include "music/melody.hpp"
#include "transition/transition.hpp"
#include "vae/melody_decoder.hpp"
#include "vision/embedder_model.hpp"

namespace vec2midi::app {

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
  std::unique_ptr<vae::MelodyDecoder> decoder_;
  std::unique_ptr<transition::Transition> transition_;
  at::Tensor m_;                                  // M(a) = Σ a_j G_j: [D, E]
};

}  // namespace vec2midi::app
