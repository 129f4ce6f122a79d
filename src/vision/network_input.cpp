#include "vision/network_input.hpp"

namespace vec2midi::vision {

torch::Tensor to_network_input(const cv::Mat& bgr, int64_t size) {
  torch::Tensor out = torch::empty({3, size, size}, torch::kFloat32);
  write_input_planes(bgr, size, out.data_ptr<float>());
  return out;
}

torch::Tensor images_to_batch(const std::vector<cv::Mat>& images, int64_t size) {
  torch::Tensor out = torch::empty({int64_t(images.size()), 3, size, size}, torch::kFloat32);
  float* base = out.data_ptr<float>();
  for (size_t i = 0; i < images.size(); ++i) write_input_planes(images[i], size, base + int64_t(i) * 3 * size * size);
  return out;
}

}  // namespace vec2midi::vision
