#include "vision/network_input.hpp"

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

namespace {

/// Writes `bgr` (already size x size) into `dst`, a contiguous float [3, size, size] block.
void write_planes(const cv::Mat& bgr, float* dst) {
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

}  // namespace

torch::Tensor to_network_input(const cv::Mat& bgr, int64_t size) {
  torch::Tensor out = torch::empty({3, size, size}, torch::kFloat32);
  write_planes(resize_bicubic(bgr, size), out.data_ptr<float>());
  return out;
}

torch::Tensor images_to_batch(const std::vector<cv::Mat>& images, int64_t size) {
  torch::Tensor out = torch::empty({int64_t(images.size()), 3, size, size}, torch::kFloat32);
  float* base = out.data_ptr<float>();
  for (size_t i = 0; i < images.size(); ++i) write_planes(resize_bicubic(images[i], size), base + int64_t(i) * 3 * size * size);
  return out;
}

}  // namespace vec2midi::vision
