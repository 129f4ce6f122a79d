// The whole picture-to-melody pipeline behind `compose`, `morph` and `serve` (MISSION.md §2), without libtorch:
// the three models are loaded once, then each picture goes image → embedding e → nearest colour centre (or e
// itself) → z = 2·tanh(M(a)·e) → MusicVAE decode → melody, on plain float arrays (vision::PlainEmbedder,
// transition::Transition, vae::MelodyDecoder). The server shares one Composer between requests.
// tests/app/composer_test.cpp checks it against the libtorch forward passes of the same model files.
// Usage: Composer composer(ComposerModels::defaults());  Composition c = composer.compose(bgr, {.n_bars = 1});
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <opencv2/core.hpp>

#include "app/composition.hpp"
#include "music/melody.hpp"

namespace vec2midi::vision {
class PlainEmbedder;
}
namespace vec2midi::vae {
class MelodyDecoder;
}
namespace vec2midi::transition {
class Transition;
}

namespace vec2midi::app {

/// What the embedder makes of a picture: where compose() starts.
struct ColourReading {
  std::vector<float> embedding;                       ///< e [E]
  int colour = 0;                                     ///< nearest colour centre
  std::array<float, vision::kNumClasses> distances{};  ///< squared L2 distance of e to each centre
};

/// One of the picture's salient regions with the embedding of its crop.
struct RegionReading {
  PaletteColour colour;
  std::vector<float> embedding;  ///< [E]
};

/// All compose() needs of a picture's pixels: the whole picture's reading and its salient regions'. The server keeps
/// a few, so that a slider moved on the same picture decodes again without looking at the pixels.
struct PictureReading {
  ColourReading whole;
  std::vector<RegionReading> regions;  ///< by decreasing weight
  int palette_size = 0;                ///< the k they were found with
};

/// The loaded pipeline. compose() and morph() may be called from several threads at once.
class Composer {
 public:
  /// Loads the three models. Throws InputError naming the path (and the command that makes it) when a file is
  /// missing or unreadable, or when the models do not fit together (latent or embedding size).
  explicit Composer(const ComposerModels& models);
  ~Composer();
  Composer(const Composer&) = delete;
  Composer& operator=(const Composer&) = delete;

  /// One picture (8-bit BGR) → colour, distances, embedding, z, palette and melody; with options.is_piece() a
  /// piece: the form's phrases decoded from the attention colour (the motif and its variations) and the
  /// palette's other colours (episodes), arranged in one key with its accompaniment (Composition::piece).
  Composition compose(const cv::Mat& bgr, const ComposeOptions& options) const;
  /// What compose() reads of the pixels: the embedding, the nearest colour and the `palette_size` salient regions.
  /// Throws InputError unless palette_size is 1..8.
  PictureReading read_picture(const cv::Mat& bgr, int palette_size) const;
  /// compose() of a picture already read (the same result); throws InputError if options.palette_size is not the
  /// one `picture` was read with.
  Composition compose(const PictureReading& picture, const ComposeOptions& options) const;
  /// A piece that walks the latent space from `a.z` to `b.z` on the great circle (slerp, as Magenta's
  /// MusicVAE.interpolate): n_phrases phrases (>= 2), the first decoded from a.z, the last from b.z, one
  /// after the other; phrase i samples with item generator i. Throws InputError if n_phrases < 2.
  music::Melody morph(const Composition& a, const Composition& b, int64_t n_phrases, const ComposeOptions& options) const;
  /// morph()'s phrases arranged as a piece (key, phrase endings, options.accompaniment); the last phrase ends it.
  compose::Arrangement morph_piece(const Composition& a, const Composition& b, int64_t n_phrases,
                                   const ComposeOptions& options) const;

  /// The picture's embedding and nearest colour (no palette, nothing decoded).
  ColourReading read_colour(const cv::Mat& bgr) const;
  /// The latent vector a colour is decoded from: z = 2·tanh(M(a)·e) of its centre (of `embedding` itself with
  /// options.continuous), with options.nudges added.
  std::vector<float> colour_latent(int colour, std::span<const float> embedding, const ComposeOptions& options) const;
  /// Decodes a path of latent vectors [P, Z] into P phrases of options.n_steps() steps (row i samples with item
  /// generator i of options.seed).
  std::vector<music::Melody> decode_phrases(std::span<const float> path, const ComposeOptions& options) const;
  /// The latent dims the sliders name (the dims a variation moves; all of z's when there are none).
  std::vector<int64_t> slider_dims() const;

  const ComposerModels& models() const { return models_; }
  /// The MusicVAE's named latent dims (read from MODEL.sliders.json beside it; empty without one).
  const std::vector<compose::LatentSlider>& sliders() const { return sliders_; }
  /// Z, the MusicVAE latent size.
  int64_t latent_size() const;

 private:
  std::vector<RegionReading> palette_regions(const cv::Mat& bgr, int k) const;
  std::vector<float> latent_of(std::span<const float> source, const ComposeOptions& options) const;
  void compose_piece(Composition& c, const std::vector<RegionReading>& regions, const ComposeOptions& options) const;
  std::vector<music::Melody> morph_phrases(const Composition& a, const Composition& b, int64_t n_phrases,
                                           const ComposeOptions& options) const;

  ComposerModels models_;
  std::vector<compose::LatentSlider> sliders_;
  std::unique_ptr<vision::PlainEmbedder> embedder_;
  std::unique_ptr<vae::MelodyDecoder> decoder_;
  std::unique_ptr<transition::Transition> transition_;
  std::vector<float> m_;  // M(a) = Σ a_j G_j: [D, E]
};

}  // namespace vec2midi::app
