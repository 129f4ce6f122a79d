// A picture's palette: its most salient colour regions, for a piece's contrasting material. The picture
// (at work size) is split into colour clusters (k-means in Lab); each cluster scores its area share x its
// mean saliency (vision/saliency.hpp), and the best k give a region each: the bounding box of the
// cluster's largest connected patch, in the picture's pixels, which the embedder then classifies on
// region_crop() (the box with the other clusters' pixels painted over).
// Usage: for (const PaletteRegion& r : salient_regions(bgr, {.k = 4})) embed(bgr(r.box));
#pragma once

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/saliency.hpp"

namespace vec2midi::vision {

struct PaletteOptions {
  int k = 4;                      ///< regions returned at most (issue 28: k <= 4)
  int n_clusters = 8;             ///< colour clusters the picture is split into
  int kmeans_iterations = 12;     ///< Lloyd iterations (stops earlier when stable)
  double min_area = 0.02;         ///< clusters below this share of the picture are not regions
  double box_margin = 0.1;        ///< each box grows by this share of its size on every side
  SaliencyOptions saliency{};     ///< how salient each pixel is (work size 64)
};

/// One salient colour region.
struct PaletteRegion {
  cv::Rect box;            ///< where it is, in the picture's pixels (at least 8 x 8, inside the picture)
  double area = 0.0;       ///< share of the picture's pixels in its colour cluster
  double saliency = 0.0;   ///< mean saliency weight of those pixels (0..1)
  double weight = 0.0;     ///< area x saliency, normalised so the returned regions sum to 1
  cv::Vec3b mean_bgr;      ///< the cluster's mean colour
  cv::Mat mask;            ///< CV_8U, box-sized: 255 where a pixel belongs to the region's colour cluster
};

/// What the embedder looks at for a region: the picture inside its box, with the pixels of other colour
/// clusters painted in the region's mean colour (so that a background region is not named after the object
/// in front of it).
cv::Mat region_crop(const cv::Mat& bgr, const PaletteRegion& region);

/// The picture's up to options.k most salient colour regions (8-bit BGR, any size), by decreasing weight.
/// Deterministic. Throws InputError for an empty picture or options out of range.
std::vector<PaletteRegion> salient_regions(const cv::Mat& bgr, const PaletteOptions& options = {});

}  // namespace vec2midi::vision
