#include "vision/pil_resize.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "io/error.hpp"

namespace vec2midi::vision {
namespace {

constexpr double kSupport = 2.0;      // the bicubic filter's support at scale 1
constexpr int kPrecisionBits = 22;    // 32 - 8 - 2, Pillow's PRECISION_BITS for 8-bit images

/// For each output position along one axis: the first input index, the number of inputs, and their
/// fixed-point weights (ksize per output, zero-padded).
struct Coefficients {
  int64_t ksize = 0;
  std::vector<int64_t> first, count;
  std::vector<int32_t> weights;  // [out, ksize]
};

Coefficients precompute(int64_t in_size, int64_t out_size) {
  const double scale = double(in_size) / double(out_size);
  const double filter_scale = std::max(scale, 1.0);
  const double support = kSupport * filter_scale;
  Coefficients c;
  c.ksize = int64_t(std::ceil(support)) * 2 + 1;
  c.weights.assign(size_t(out_size * c.ksize), 0);
  std::vector<double> k(static_cast<size_t>(c.ksize));
  for (int64_t xx = 0; xx < out_size; ++xx) {
    const double centre = (double(xx) + 0.5) * scale;
    int64_t xmin = int64_t(centre - support + 0.5);  // truncation toward zero, as Pillow's (int) cast
    if (xmin < 0) xmin = 0;
    int64_t xmax = int64_t(centre + support + 0.5);
    if (xmax > in_size) xmax = in_size;
    xmax -= xmin;
    double total = 0.0;
    for (int64_t x = 0; x < xmax; ++x) {
      const double w = pil_bicubic_kernel((double(x + xmin) - centre + 0.5) / filter_scale);
      k[size_t(x)] = w;
      total += w;
    }
    for (int64_t x = 0; x < xmax; ++x) {
      const double w = total != 0.0 ? k[size_t(x)] / total : k[size_t(x)];
      // normalize_coeffs_8bpc: round half away from zero to 22 fractional bits.
      const double fixed = w * double(1 << kPrecisionBits);
      c.weights[size_t(xx * c.ksize + x)] = int32_t(w < 0 ? -0.5 + fixed : 0.5 + fixed);
    }
    c.first.push_back(xmin);
    c.count.push_back(xmax);
  }
  return c;
}

uint8_t clip8(int64_t value) {
  const int64_t v = value >> kPrecisionBits;
  return uint8_t(v < 0 ? 0 : v > 255 ? 255 : v);
}

/// One pass along x (horizontal) or y (vertical) of an 8-bit image with `channels` channels.
cv::Mat resample(const cv::Mat& in, int64_t out_size, bool horizontal) {
  const int channels = in.channels();
  const Coefficients c = precompute(horizontal ? in.cols : in.rows, out_size);
  cv::Mat out(horizontal ? in.rows : int(out_size), horizontal ? int(out_size) : in.cols, in.type());
  const int64_t half = int64_t(1) << (kPrecisionBits - 1);
  for (int y = 0; y < out.rows; ++y) {
    uint8_t* dst = out.ptr<uint8_t>(y);
    for (int x = 0; x < out.cols; ++x) {
      const int64_t o = horizontal ? x : y;
      const int32_t* w = c.weights.data() + o * c.ksize;
      for (int ch = 0; ch < channels; ++ch) {
        int64_t sum = half;
        for (int64_t k = 0; k < c.count[size_t(o)]; ++k) {
          const int64_t src = c.first[size_t(o)] + k;
          const uint8_t v = horizontal ? in.ptr<uint8_t>(y)[src * channels + ch] : in.ptr<uint8_t>(int(src))[x * channels + ch];
          sum += int64_t(v) * w[k];
        }
        dst[x * channels + ch] = clip8(sum);
      }
    }
  }
  return out;
}

}  // namespace

double pil_bicubic_kernel(double x) {
  constexpr double a = -0.5;
  x = std::abs(x);
  if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
  if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
  return 0.0;
}

cv::Mat pil_bicubic_resize(const cv::Mat& image, int64_t width, int64_t height) {
  if (image.depth() != CV_8U || image.channels() < 1 || image.channels() > 4 || image.empty()) {
    throw InputError("the bicubic resize takes an 8-bit picture with 1 to 4 channels");
  }
  if (width < 1 || height < 1) throw InputError("cannot resize to " + std::to_string(width) + " x " + std::to_string(height));
  // Pillow resamples horizontally first, then vertically, each pass only where the size changes.
  cv::Mat out = image;
  if (width != image.cols) out = resample(out, width, true);
  if (height != image.rows) out = resample(out, height, false);
  return out.data == image.data ? image.clone() : out;
}

}  // namespace vec2midi::vision
