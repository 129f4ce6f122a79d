#include "app/composition_output.hpp"

namespace vec2midi::app {

OutputFiles write_composition(const Composition& c, const cv::Mat& picture, const std::filesystem::path& dir,
                              const std::string& name, const OutputOptions& options) {
  return c.piece ? write_composition_files(*c.piece, {picture}, {c.display_colour()}, dir, name, options)
                 : write_composition_files(c.melody, {picture}, {c.display_colour()}, dir, name, options);
}

}  // namespace vec2midi::app
