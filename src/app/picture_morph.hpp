// The morph of two pictures that `morph` and `serve`'s POST /api/morph share: each picture composed as a single
// phrase (its nudges kept, no key or accompaniment), then the latent walk from A's melody to B's, arranged as a
// piece when the options ask for one (a key or an accompaniment).
// Usage: const PictureMorph m = morph_pictures(composer, a, b, 8, options); write_morph(m, a, b, "out", "a_to_b", {});
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <opencv2/core/mat.hpp>

#include "app/composer.hpp"
#include "app/composition_files.hpp"

namespace vec2midi::app {

/// Most phrases one morph may have (64 one-bar phrases are about two minutes at 120 qpm).
inline constexpr int64_t kMaxMorphPhrases = 64;

struct PictureMorph {
  ComposeOptions ends;                          ///< the options A and B were composed with
  Composition from, to;                         ///< A and B as single phrases
  std::optional<compose::Arrangement> arrangement;  ///< the walk arranged as a piece, when asked for
  music::Melody melody;                         ///< the walk's melody (the arrangement's melody for a piece)
};

/// The morph of `a` into `b` in `n_phrases` phrases of options.n_bars (1 or 2) bars. Throws InputError for longer
/// phrases or a phrase count outside 2..kMaxMorphPhrases.
PictureMorph morph_pictures(const Composer& composer, const cv::Mat& a, const cv::Mat& b, int64_t n_phrases,
                            const ComposeOptions& options);

/// The morph's files (app/composition_files.hpp): the arrangement's when there is one, else the melody's; the video
/// fades from picture `a` to picture `b`.
OutputFiles write_morph(const PictureMorph& m, const cv::Mat& a, const cv::Mat& b, const std::filesystem::path& dir,
                        const std::string& name, const OutputOptions& options);

}  // namespace vec2midi::app
