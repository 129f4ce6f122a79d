#include "vision/augment.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "io/random.hpp"

namespace vec2midi::vision {

using io::Rng;
using io::uniform;
using io::uniform_int;
using io::bernoulli;

cv::Mat augment(const cv::Mat& bgr, int64_t size, Rng& rng, const AugmentOptions& options) {
  // Random resized crop.
  const double area = uniform(rng, options.min_crop_area, 1.0);
  const double log_aspect = std::log(options.max_aspect_change);
  const double aspect = std::exp(uniform(rng, -log_aspect, log_aspect));
  const int w = std::clamp(int(std::lround(bgr.cols * std::sqrt(area * aspect))), 1, bgr.cols);
  const int h = std::clamp(int(std::lround(bgr.rows * std::sqrt(area / aspect))), 1, bgr.rows);
  const int x = int(uniform_int(rng, bgr.cols - w + 1)), y = int(uniform_int(rng, bgr.rows - h + 1));
  cv::Mat out;
  cv::resize(bgr(cv::Rect(x, y, w, h)), out, cv::Size(int(size), int(size)), 0, 0, cv::INTER_CUBIC);
  if (bernoulli(rng, options.flip_probability)) cv::flip(out, out, 1);

  // Photometric jitter in float, hue-preserving.
  const float brightness = float(1.0 + uniform(rng, -options.brightness, options.brightness));
  const float contrast = float(1.0 + uniform(rng, -options.contrast, options.contrast));
  const float saturation = float(1.0 + uniform(rng, -options.saturation, options.saturation));
  float gain[3] = {1.0f, 1.0f, 1.0f};
  if (options.white_balance > 0) {  // drawn only when on, so recipes without it keep their random stream
    for (float& g : gain) g = float(1.0 + uniform(rng, -options.white_balance, options.white_balance));
  }
  const cv::Scalar mean = cv::mean(out);
  const float mean_grey = float(0.114 * mean[0] + 0.587 * mean[1] + 0.299 * mean[2]);
  for (int r = 0; r < out.rows; ++r) {
    auto* p = out.ptr<cv::Vec3b>(r);
    for (int c = 0; c < out.cols; ++c) {
      float v[3] = {gain[0] * float(p[c][0]), gain[1] * float(p[c][1]), gain[2] * float(p[c][2])};
      const float grey = 0.114f * v[0] + 0.587f * v[1] + 0.299f * v[2];
      for (float& channel : v) {
        channel = grey + saturation * (channel - grey);
        channel = mean_grey + contrast * (channel - mean_grey);
        channel *= brightness;
      }
      for (int k = 0; k < 3; ++k) p[c][k] = cv::saturate_cast<uchar>(v[k]);
    }
  }
  return out;
}

}  // namespace vec2midi::vision
