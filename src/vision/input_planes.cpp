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

void write_input_values(const cv::Mat& bgr_any_size, int64_t size, const InputLayout& layout, float* dst) {
  const cv::Mat bgr = resize_bicubic(bgr_any_size, size);
  for (int y = 0; y < bgr.rows; ++y) {
    const auto* row = bgr.ptr<cv::Vec3b>(y);
    float* out = dst + y * layout.row;
    for (int x = 0; x < bgr.cols; ++x, out += layout.pixel) {
      out[0] = row[x][2] / 127.5f - 1.0f;                  // R
      out[layout.channel] = row[x][1] / 127.5f - 1.0f;      // G
      out[2 * layout.channel] = row[x][0] / 127.5f - 1.0f;  // B
    }
  }
}

void write_input_planes(const cv::Mat& bgr, int64_t size, float* dst) {
  write_input_values(bgr, size, {.row = size, .pixel = 1, .channel = size * size}, dst);
}

}  // namespace vec2midi::vision
