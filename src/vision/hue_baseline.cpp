#include "vision/hue_baseline.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "io/error.hpp"
#include "vision/saliency.hpp"

namespace vec2midi::vision {

std::string HueBaselineOptions::to_json_string() const {
  return nlohmann::json{{"work_size", work_size},           {"n_hue_bins", n_hue_bins},
                        {"min_saturation", min_saturation}, {"black_value", black_value},
                        {"white_value", white_value},       {"centre_sigma", centre_sigma},
                        {"contrast_floor", contrast_floor}}
      .dump();
}

HueBaselineOptions HueBaselineOptions::from_json_string(const std::string& text) {
  HueBaselineOptions o;
  try {
    const auto j = nlohmann::json::parse(text);
    j.at("work_size").get_to(o.work_size);
    j.at("n_hue_bins").get_to(o.n_hue_bins);
    j.at("min_saturation").get_to(o.min_saturation);
    j.at("black_value").get_to(o.black_value);
    j.at("white_value").get_to(o.white_value);
    j.at("centre_sigma").get_to(o.centre_sigma);
    j.at("contrast_floor").get_to(o.contrast_floor);
  } catch (const nlohmann::json::exception& e) {
    throw InputError("baseline options: " + std::string(e.what()));
  }
  if (o.work_size < 8 || o.work_size > 1024 || o.n_hue_bins < 1 || o.n_hue_bins > 360) {
    throw InputError("baseline options out of range: " + text);
  }
  return o;
}

int64_t n_hue_features(const HueBaselineOptions& options) { return 2 * options.n_hue_bins + 5; }

namespace {

/// The image at work size in HSV (H in degrees, S and V in [0, 1]) and Lab, with each pixel's saliency
/// weight (vision/saliency.hpp).
struct WeightedPixels {
  cv::Mat hsv, lab;
  std::vector<double> weight;  // row-major, side x side
};

WeightedPixels weighted_pixels(const cv::Mat& bgr, const HueBaselineOptions& options) {
  SalientPixels s = salient_pixels(bgr, {.work_size = options.work_size,
                                         .centre_sigma = options.centre_sigma,
                                         .contrast_floor = options.contrast_floor});
  WeightedPixels w;
  cv::cvtColor(s.bgr, w.hsv, cv::COLOR_BGR2HSV);
  w.lab = std::move(s.lab);
  w.weight = std::move(s.weight);
  return w;
}

/// Square roots of the histogram's shares (so that Euclidean distance is the Hellinger distance).
std::vector<float> square_rooted(const std::vector<double>& hist) {
  double total = 0;
  for (double h : hist) total += h;
  std::vector<float> features(hist.size());
  for (size_t i = 0; i < hist.size(); ++i) features[i] = float(std::sqrt(hist[i] / std::max(total, 1e-12)));
  return features;
}

std::vector<double> hue_histogram(const WeightedPixels& w, const HueBaselineOptions& options) {
  const int side = int(options.work_size);
  const int64_t n_hue = options.n_hue_bins;
  std::vector<double> hist(size_t(n_hue_features(options)), 0.0);
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const cv::Vec3f p = w.hsv.at<cv::Vec3f>(y, x);
      const double h = p[0], s = p[1], v = p[2];
      size_t bin;
      if (v < options.black_value) {
        bin = size_t(2 * n_hue);  // black
      } else if (s < options.min_saturation) {
        if (v >= options.white_value) bin = size_t(2 * n_hue + 4);  // white
        else bin = size_t(2 * n_hue + 1 + std::min(2, int(3 * (v - options.black_value) / (options.white_value - options.black_value))));
      } else {
        const auto hue_bin = std::min<int64_t>(n_hue - 1, int64_t(h / 360.0 * double(n_hue)));
        bin = size_t(hue_bin * 2 + (s >= 0.55 ? 1 : 0));
      }
      hist[bin] += w.weight[size_t(y) * side + x];
    }
  }
  return hist;
}

}  // namespace

std::vector<float> hue_features(const cv::Mat& bgr, const HueBaselineOptions& options) {
  return square_rooted(hue_histogram(weighted_pixels(bgr, options), options));
}

int64_t n_colour_features(const HueBaselineOptions& options) {
  return n_hue_features(options) + kLabBins[0] * kLabBins[1] * kLabBins[2];
}

std::vector<float> colour_features(const cv::Mat& bgr, const HueBaselineOptions& options) {
  const int side = int(options.work_size);
  const WeightedPixels w = weighted_pixels(bgr, options);
  std::vector<double> hist(size_t(kLabBins[0] * kLabBins[1] * kLabBins[2]), 0.0);
  const auto bin_of = [](double v, double lo, double hi, int64_t n) {
    return std::clamp<int64_t>(int64_t((v - lo) / (hi - lo) * double(n)), 0, n - 1);
  };
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const cv::Vec3f p = w.lab.at<cv::Vec3f>(y, x);
      const int64_t l = bin_of(p[0], 0, 100, kLabBins[0]), a = bin_of(p[1], -80, 80, kLabBins[1]), b = bin_of(p[2], -80, 80, kLabBins[2]);
      hist[size_t((l * kLabBins[1] + a) * kLabBins[2] + b)] += w.weight[size_t(y) * side + x];
    }
  }
  std::vector<float> features = square_rooted(hue_histogram(w, options));
  const auto lab = square_rooted(hist);
  features.insert(features.end(), lab.begin(), lab.end());
  return features;
}

std::vector<float> fit_centroids(const RowMatrix& features, std::span<const int> labels, int n_classes) {
  if (features.rows() != Eigen::Index(labels.size())) throw Error("fit_centroids: one label per row expected");
  const Eigen::Index f = features.cols();
  Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(n_classes, f);
  std::vector<int64_t> counts(size_t(n_classes), 0);
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || labels[i] >= n_classes) throw Error("fit_centroids: a label is outside the classes");
    sums.row(labels[i]) += features.row(Eigen::Index(i)).cast<double>();
    ++counts[size_t(labels[i])];
  }
  std::vector<float> centroids(size_t(n_classes * f), std::numeric_limits<float>::infinity());
  for (int c = 0; c < n_classes; ++c) {
    if (counts[size_t(c)] == 0) continue;
    for (Eigen::Index j = 0; j < f; ++j) centroids[size_t(c * f + j)] = float(sums(c, j) / double(counts[size_t(c)]));
  }
  return centroids;
}

}  // namespace vec2midi::vision
