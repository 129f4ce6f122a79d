// The classical baseline Image2Vec is measured against: a saliency-weighted colour histogram
// (hue x saturation bins for chromatic pixels, lightness bins for achromatic ones; each pixel
// weighted by a centre prior and its colour contrast to the image border) and a nearest-centroid
// classifier on the square-rooted histograms (Hellinger distance). Trained on a photo split, the baseline
// is a logistic regression on these histograms and a Lab one (colour_features). No libtorch.
// Usage: auto f = hue_features(bgr); auto centroids = fit_centroids(features, labels, 9); predict(...)
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/row_matrix.hpp"

namespace vec2midi::vision {

struct HueBaselineOptions {
  int64_t work_size = 64;         ///< images are resized to work_size x work_size first (pixels)
  int64_t n_hue_bins = 18;        ///< hue bins of 20 degrees
  double min_saturation = 0.22;   ///< below this (HSV S) a pixel counts as achromatic
  double black_value = 0.2;       ///< below this (HSV V) a pixel counts as black
  double white_value = 0.82;      ///< achromatic pixels at or above this value count as white
  double centre_sigma = 0.35;     ///< width of the Gaussian centre prior, as a share of the side
  double contrast_floor = 0.15;   ///< weight of a pixel with no contrast to the border (0..1)

  /// JSON text stored in the model file's metadata under "baseline".
  std::string to_json_string() const;
  /// Parses to_json_string()'s output; throws InputError naming the bad field.
  static HueBaselineOptions from_json_string(const std::string& text);
};

/// Number of histogram bins: n_hue_bins x 2 saturation levels + black + 3 grey levels + white.
int64_t n_hue_features(const HueBaselineOptions& options);

/// The square-rooted, saliency-weighted colour histogram of `bgr` (sums of squares = 1).
std::vector<float> hue_features(const cv::Mat& bgr, const HueBaselineOptions& options = {});

/// Bins of the Lab histogram of colour_features(): lightness, a (green-red), b (blue-yellow).
inline constexpr int64_t kLabBins[3] = {5, 6, 6};

/// Number of colour_features(): n_hue_features() + the Lab bins.
int64_t n_colour_features(const HueBaselineOptions& options);

/// The richer features of the trained baseline (logistic_regression.hpp): hue_features() followed by
/// the square-rooted, saliency-weighted Lab histogram (kLabBins over L in [0, 100], a and b in [-80, 80]).
std::vector<float> colour_features(const cv::Mat& bgr, const HueBaselineOptions& options = {});

/// Mean feature vector of each class (summed in double): features [N, F], labels [N] in [0, n_classes) ->
/// [n_classes, F] row-major. A class without examples gets +inf everywhere (it is never the nearest). Throws Error
/// unless there is one label per row and each is in range.
std::vector<float> fit_centroids(const RowMatrix& features, std::span<const int> labels, int n_classes);

}  // namespace vec2midi::vision
