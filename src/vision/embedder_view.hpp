// The view an embedder takes of a picture at inference: the centred part of each side it keeps before the resize
// to the network's input. Stored in the embedder file (metadata "view") so that every engine that reads the file —
// the plain engine (compose, embed, search, evaluate, the Python module) and libtorch's embed_images — sees the same
// pixels, and the file's colour centres are fitted under that view (`vec2midi fit-centres`). A file without
// "view" takes the whole frame (the original's preprocessing). docs/EMBEDDER.md measures the centred crop.
// Usage: EmbedderView v = read_embedder_view(file); cv::Mat seen = apply_view(bgr, v);
#pragma once

#include <string>

#include <opencv2/core.hpp>

#include "io/model_file.hpp"

namespace vec2midi::vision {

struct EmbedderView {
  /// Share of each side kept, centred (0.8: the middle 80 % of the width and of the height); 1 = the whole frame.
  double centre_crop = 1.0;

  bool whole_frame() const { return centre_crop == 1.0; }
  /// JSON text stored in the embedder file's metadata under "view".
  std::string to_json_string() const;
  /// Parses to_json_string()'s output; throws InputError naming the bad field (centre_crop must lie in [0.1, 1]).
  static EmbedderView from_json_string(const std::string& text);

  friend bool operator==(const EmbedderView&, const EmbedderView&) = default;
};

/// Throws InputError unless `centre_crop` lies in [0.1, 1] (the one check of every way a view is made).
void check_centre_crop(double centre_crop);

/// The view of an embedder file: its metadata "view", or the whole frame if it has none. Throws InputError naming
/// the file for a malformed view.
EmbedderView read_embedder_view(const io::ModelFile& file);

/// The part of `bgr` that `view` keeps: round(side · centre_crop) pixels of each side (at least 1), centred (an odd
/// remainder leaves the extra pixel on the right or bottom). A region of `bgr`, not a copy.
cv::Mat apply_view(const cv::Mat& bgr, const EmbedderView& view);

}  // namespace vec2midi::vision
