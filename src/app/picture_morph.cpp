#include "app/picture_morph.hpp"

#include <string>
#include <vector>

#include "io/error.hpp"
#include "music/constants.hpp"

namespace vec2midi::app {

PictureMorph morph_pictures(const Composer& composer, const cv::Mat& a, const cv::Mat& b, int64_t n_phrases,
                            const ComposeOptions& options) {
  if (options.n_bars > music::kWindowBars) {
    throw InputError("morph: bars is the length of each phrase (1 or 2); make the morph longer with more phrases");
  }
  if (n_phrases < 2 || n_phrases > kMaxMorphPhrases) {
    throw InputError("morph: phrases must be 2.." + std::to_string(kMaxMorphPhrases) + ", got " + std::to_string(n_phrases));
  }
  PictureMorph m;
  // The walk's ends are single phrases (with the nudges); only the walk itself is arranged as a piece.
  m.ends = options;
  m.ends.key.reset();
  m.ends.accompaniment = compose::Accompaniment::kNone;
  m.from = composer.compose(a, m.ends);
  m.to = composer.compose(b, m.ends);
  if (options.is_piece()) m.arrangement = composer.morph_piece(m.from, m.to, n_phrases, options);
  m.melody = m.arrangement ? m.arrangement->melody : composer.morph(m.from, m.to, n_phrases, options);
  return m;
}

OutputFiles write_morph(const PictureMorph& m, const cv::Mat& a, const cv::Mat& b, const std::filesystem::path& dir,
                        const std::string& name, const OutputOptions& options) {
  const std::vector<cv::Mat> pictures{a, b};
  const std::vector<render::Rgb> colours{m.from.display_colour(), m.to.display_colour()};
  return m.arrangement ? write_composition_files(*m.arrangement, pictures, colours, dir, name, options)
                       : write_composition_files(m.melody, pictures, colours, dir, name, options);
}

}  // namespace vec2midi::app
