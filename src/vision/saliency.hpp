// Where a picture draws the eye, pixel by pixel, for the colour baseline's histograms and the palette:
// each pixel's colour contrast to the ground (the mean Lab colour of the picture's one-pixel border),
// normalised to [0, 1] and floored, times a Gaussian centre prior — computed on a small square copy.
// Usage: SalientPixels s = salient_pixels(bgr, {.work_size = 64});  s.weight[y * s.side + x];
#pragma once

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

namespace vec2midi::vision {

struct SaliencyOptions {
  int64_t work_size = 64;        ///< the picture is resized (area average) to work_size x work_size pixels
  double centre_sigma = 0.35;    ///< width of the Gaussian centre prior, as a share of the side
  double contrast_floor = 0.15;  ///< weight of a pixel with no contrast to the border (0..1)
};

/// The resized picture and its saliency weights.
struct SalientPixels {
  int side = 0;                ///< work_size
  cv::Mat bgr;                 ///< CV_32FC3, channels in [0, 1], side x side
  cv::Mat lab;                 ///< CV_32FC3 Lab (L in [0, 100]), side x side
  std::vector<double> weight;  ///< per pixel, row-major: centre prior x floored contrast, in [0, 1]
};

/// The saliency weights of an 8-bit BGR picture (any size).
SalientPixels salient_pixels(const cv::Mat& bgr, const SaliencyOptions& options = {});

/// CIE L*a*b* (D65 white, sRGB gamma; L in [0, 100]) of a CV_32FC3 BGR picture with channels in [0, 1] — the
/// formulas of cv::cvtColor(COLOR_BGR2Lab), written out because OpenCV builds its Lab tables with software
/// floating point on first use, about 0.1 s at the start of every one-picture compose.
cv::Mat bgr_to_lab(const cv::Mat& bgr);

}  // namespace vec2midi::vision
