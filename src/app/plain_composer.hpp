// The picture-to-melody pipeline of `vec2midi compose` without libtorch: the same three model files and the
// same steps as Composer (image → embedding e → nearest colour centre, or e itself → z = 2·tanh(M(a)·e) →
// MusicVAE decode), on plain float arrays (PlainEmbedder, PlainTransition, vae::MelodyDecoder). The process then
// never loads libtorch, whose start-up alone takes about 0.7 s. tests/app/plain_composer_test.cpp checks
// that it composes what Composer composes.
// Usage: PlainComposer composer(ComposerModels::defaults());  Composition c = composer.compose(bgr, {});
#pragma once

#include <memory>

#include <opencv2/core.hpp>

#include "app/composition.hpp"

namespace vec2midi::vision {
class PlainEmbedder;
}
namespace vec2midi::vae {
class MelodyDecoder;
}
namespace vec2midi::transition {
class PlainTransition;
}

namespace vec2midi::app {

class PlainComposer {
 public:
  /// Loads the three models. Throws InputError naming the path (and the command that makes it) when a file is
  /// missing or unreadable, or when the models do not fit together (latent or embedding size).
  explicit PlainComposer(const ComposerModels& models);
  ~PlainComposer();
  PlainComposer(const PlainComposer&) = delete;
  PlainComposer& operator=(const PlainComposer&) = delete;

  /// One picture (8-bit BGR) → colour, distances, z and melody (Composer::compose's result).
  Composition compose(const cv::Mat& bgr, const ComposeOptions& options) const;

  const ComposerModels& models() const { return models_; }

 private:
  ComposerModels models_;
  std::unique_ptr<vision::PlainEmbedder> embedder_;
  std::unique_ptr<vae::MelodyDecoder> decoder_;
  std::unique_ptr<transition::PlainTransition> transition_;
};

}  // namespace vec2midi::app
