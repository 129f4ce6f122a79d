#include "vision/input_planes.hpp"

#include <opencv2/imgproc.hpp>

#include "io/error.hpp"

namespace vec2midi::vision {

cv::Mat resize_bicubic(const cv::Mat& bgr, int64_t size) {
  if (bgr.empty() || bgr.type() != CV_8UC3) throw Error("resize_bicubic: expected a non-empty 8-bit BGR image");
  if (bgr.rows == size && bgr.cols == size) return bgr;
  cv::Mat out;
  cv::resize(bgr, out, cv::Size(int(size), int(size)), 0, 0, cv::INTER_CUBIC);
  return out;
}

void write_input_planes(const cv::Mat& bgr_any_size, int64_t size, float* dst) {
  const cv::Mat bgr = resize_bicubic(bgr_any_size, size);
  const int64_t plane = int64_t(bgr.rows) * bgr.cols;
  for (int y = 0; y < bgr.rows; ++y) {
    const auto* row = bgr.ptr<cv::Vec3b>(y);
    for (int x = 0; x < bgr.cols; ++x) {
      const int64_t i = int64_t(y) * bgr.cols + x;
      dst[i] = row[x][2] / 127.5f - 1.0f;              // R
      dst[plane + i] = row[x][1] / 127.5f - 1.0f;      // G
      dst[2 * plane + i] = row[x][0] / 127.5f - 1.0f;  // B
    }
  }
}

}  // namespace vec2midi::vision
