#include "app/composition.hpp"

#include <algorithm>
#include <iterator>

#include "app/cli.hpp"
#include "io/error.hpp"
#include "music/constants.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

ComposerModels ComposerModels::defaults() {
  return {default_model_path(kDefaultVaeFile), default_model_path(kDefaultEmbedderFile),
          default_model_path(kDefaultTransitionFile)};
}

int64_t ComposeOptions::n_steps() const {
  if (std::find(std::begin(compose::kFormBars), std::end(compose::kFormBars), n_bars) == std::end(compose::kFormBars)) {
    throw InputError("bars must be 1, 2, 4, 8, 16 or 32, got " + std::to_string(n_bars));
  }
  return std::min<int64_t>(n_bars, music::kWindowBars) * music::kStepsPerBar;
}

bool ComposeOptions::is_piece() const {
  return n_bars > music::kWindowBars || key.has_value() || accompaniment != compose::Accompaniment::kNone;
}

std::string Composition::colour_name() const { return std::string(vision::kClassNames.at(size_t(colour))); }

render::Rgb class_display_rgb(int colour) {
  const auto bgr = vision::class_display_bgr(colour);
  return render::Rgb{bgr[2], bgr[1], bgr[0]};
}

render::Rgb Composition::display_colour() const { return class_display_rgb(colour); }

void require_model_file(const fs::path& path, const std::string& what, const std::string& how) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw InputError(path.string() + ": " + what + " not found; " + how);
}

void require_model_files(const ComposerModels& models) {
  require_model_file(models.vae, "MusicVAE model",
                     "make it with `vec2midi train-vae` or `vec2midi import-magenta`, or pass --model FILE");
  require_model_file(models.embedder, "embedder model", "make it with `vec2midi train-embedder`, or pass --embedder FILE");
  require_model_file(models.transition, "transition file",
                     "it is made by the transition search for this MusicVAE; pass --transition FILE");
}

void check_models_fit(const ComposerModels& models, int64_t z_size, int64_t embedding_size,
                      const transition::TransitionOptions& transition) {
  if (transition.latent_size != z_size) {
    throw InputError(models.transition.string() + ": transition maps into a latent space of " +
                     std::to_string(transition.latent_size) + " dims but " + models.vae.string() + " has " +
                     std::to_string(z_size) + " (pass the transition made for this MusicVAE)");
  }
  if (transition.embedding_size != embedding_size) {
    throw InputError(models.transition.string() + ": transition expects " + std::to_string(transition.embedding_size) +
                     "-d embeddings but " + models.embedder.string() + " gives " + std::to_string(embedding_size));
  }
}

}  // namespace vec2midi::app
