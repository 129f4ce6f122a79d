#include "vision/saliency.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace vec2midi::vision {
namespace {

// The mean Lab colour of the one-pixel border: the "ground" a salient region stands out from.
cv::Vec3d border_colour(const cv::Mat& lab) {
  const int side = lab.rows;
  cv::Vec3d border(0, 0, 0);
  int n_border = 0;
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      if (y != 0 && y != side - 1 && x != 0 && x != side - 1) continue;
      border += cv::Vec3d(lab.at<cv::Vec3f>(y, x));
      ++n_border;
    }
  }
  return border / double(n_border);
}

// sRGB decoding (IEC 61966-2-1).
float linear_srgb(float c) { return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); }

// The CIE 1976 companding function f(t) of L*a*b*.
float lab_f(float t) { return t > 0.008856f ? std::cbrt(t) : 7.787f * t + 16.0f / 116.0f; }

}  // namespace

cv::Mat bgr_to_lab(const cv::Mat& bgr) {
  cv::Mat lab(bgr.size(), CV_32FC3);
  for (int y = 0; y < bgr.rows; ++y) {
    for (int x = 0; x < bgr.cols; ++x) {
      const cv::Vec3f p = bgr.at<cv::Vec3f>(y, x);
      const float b = linear_srgb(p[0]), g = linear_srgb(p[1]), r = linear_srgb(p[2]);
      // sRGB → XYZ (D65), X and Z scaled by the white point: OpenCV's matrix.
      const float xx = (0.412453f * r + 0.357580f * g + 0.180423f * b) / 0.950456f;
      const float yy = 0.212671f * r + 0.715160f * g + 0.072169f * b;
      const float zz = (0.019334f * r + 0.119193f * g + 0.950227f * b) / 1.088754f;
      const float fy = lab_f(yy);
      const float l = yy > 0.008856f ? 116.0f * fy - 16.0f : 903.3f * yy;
      lab.at<cv::Vec3f>(y, x) = cv::Vec3f(l, 500.0f * (lab_f(xx) - fy), 200.0f * (fy - lab_f(zz)));
    }
  }
  return lab;
}

SalientPixels salient_pixels(const cv::Mat& bgr, const SaliencyOptions& options) {
  SalientPixels s;
  s.side = int(options.work_size);
  const int side = s.side;
  cv::Mat small;
  cv::resize(bgr, small, cv::Size(side, side), 0, 0, cv::INTER_AREA);
  small.convertTo(s.bgr, CV_32FC3, 1.0 / 255.0);
  s.lab = bgr_to_lab(s.bgr);
  const cv::Vec3d border = border_colour(s.lab);
  std::vector<double> contrast(size_t(side) * side);
  double max_contrast = 1e-6;
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const cv::Vec3d d = cv::Vec3d(s.lab.at<cv::Vec3f>(y, x)) - border;
      contrast[size_t(y) * side + x] = std::sqrt(d.dot(d));
      max_contrast = std::max(max_contrast, contrast[size_t(y) * side + x]);
    }
  }
  const double sigma = options.centre_sigma * side, c0 = (side - 1) / 2.0;
  s.weight.resize(contrast.size());
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const double r2 = (x - c0) * (x - c0) + (y - c0) * (y - c0);
      const double prior = std::exp(-r2 / (2 * sigma * sigma));
      const size_t i = size_t(y) * side + x;
      s.weight[i] = prior * (options.contrast_floor + (1 - options.contrast_floor) * contrast[i] / max_contrast);
    }
  }
  return s;
}

}  // namespace vec2midi::vision
