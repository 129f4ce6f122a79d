// The files of what one picture became, however it was composed: a piece's (every track) or a single phrase's, the
// picture as the video's frame and the composition's colour filling the piano roll (app/composition_files.hpp).
// Shared by `compose`, `compose --list` and the server.
// Usage: const OutputFiles files = write_composition(c, picture, "out", "photo", output);
#pragma once

#include <filesystem>
#include <string>

#include <opencv2/core/mat.hpp>

#include "app/composition.hpp"
#include "app/composition_files.hpp"

namespace vec2midi::app {

/// write_composition_files of c.piece when there is one, else of c.melody.
OutputFiles write_composition(const Composition& c, const cv::Mat& picture, const std::filesystem::path& dir,
                              const std::string& name, const OutputOptions& options);

}  // namespace vec2midi::app
