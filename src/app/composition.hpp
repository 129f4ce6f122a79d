// What a picture becomes and how: the model files a composer loads, the options of one composition and
// its result (app/composer.hpp: compose, morph, serve).
// Usage: ComposerModels m = ComposerModels::defaults();  ComposeOptions o{.n_bars = 2};  c.colour_name();
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core/types.hpp>

#include "compose/accompaniment.hpp"
#include "compose/arrangement.hpp"
#include "compose/form.hpp"
#include "compose/latent_sliders.hpp"
#include "music/key.hpp"

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

/// How one picture becomes a melody or a piece.
struct ComposeOptions {
  int64_t n_bars = 1;         ///< bars: 1 or 2 decode one phrase (the original decoded 16 steps = 1 bar); 4, 8, 16
                              ///< and 32 build a piece of 2-bar phrases (compose/form.hpp)
  double temperature = 0.0;   ///< softmax temperature; 0 = greedy argmax (the original: 0.001 ≈ argmax)
  uint64_t seed = 0;          ///< seed of temperature sampling (io::item_generator) and of the variations
  bool continuous = false;    ///< decode from the picture's own embedding, not its nearest colour centre
  std::optional<music::Key> key;  ///< the piece's key; none = the motif's own (a piece) or untouched (a phrase)
  compose::Accompaniment accompaniment = compose::Accompaniment::kNone;  ///< tracks under the melody
  int program = 0;            ///< General MIDI program of the melody track (0 = piano)
  std::vector<compose::Nudge> nudges;  ///< values added to latent dims before decoding (the sliders)
  int palette_size = 4;       ///< salient colour regions looked at (issue 28: k <= 4)

  /// Steps of one decoded phrase: 16 for one bar, else 32. Throws InputError unless n_bars is one of
  /// compose::kFormBars.
  int64_t n_steps() const;
  /// Whether the result is a piece (more than 2 bars, a key or an accompaniment asked for) rather than the
  /// original's single decoded phrase.
  bool is_piece() const;
};

/// One of the picture's salient colour regions, named by the embedder.
struct PaletteColour {
  int colour = 0;        ///< the embedder's colour class of the region's crop
  double weight = 0.0;   ///< share of the picture's salience (area x saliency), the palette's weights sum to 1
  cv::Rect box;          ///< the region in the picture's pixels
  render::Rgb mean_rgb;  ///< the region's mean colour
};

/// What a picture became.
struct Composition {
  int colour = 0;                                     ///< nearest colour centre (index into vision::kClassNames)
  std::array<float, vision::kNumClasses> distances{};  ///< squared L2 distance of e to each colour centre
  std::vector<float> embedding;                       ///< the picture's embedding e [E]
  std::vector<float> z;                               ///< the latent vector decoded [Z] (the motif's for a piece)
  bool continuous = false;                            ///< z came from e itself (not from the centre)
  music::Melody melody;                               ///< the decoded melody (a piece's whole melody)
  std::vector<PaletteColour> palette;                 ///< salient regions by decreasing weight
  std::vector<compose::FormPhrase> form;              ///< a piece's phrases (empty for a single phrase)
  std::vector<int> materials;                         ///< a piece: the colour class of each form material
  std::optional<compose::Arrangement> piece;          ///< a piece's key, chords and tracks
  std::vector<compose::LatentSlider> sliders;         ///< the model's named latent dims (MODEL.sliders.json)

  /// The colour's name ("red").
  std::string colour_name() const;
  /// The colour notes are drawn in (the class's display colour).
  render::Rgb display_colour() const;
};

/// The display colour of colour class `colour` (vision::class_display_bgr) as RGB.
render::Rgb class_display_rgb(int colour);

/// Throws InputError "<path>: <what> not found; <how to make it>" if `path` is not a regular file.
void require_model_file(const std::filesystem::path& path, const std::string& what, const std::string& how);

/// require_model_file() for each of the three files, saying which command makes it.
void require_model_files(const ComposerModels& models);

/// Throws InputError naming the files when the transition does not map E-d embeddings into the VAE's Z-d
/// latent space (`z_size` of the MusicVAE, `embedding_size` of the embedder).
void check_models_fit(const ComposerModels& models, int64_t z_size, int64_t embedding_size,
                      const transition::TransitionOptions& transition);

}  // namespace vec2midi::app
