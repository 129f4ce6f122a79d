#include "vision/centre_distances.hpp"

#include <string>

#include "io/error.hpp"

namespace vec2midi::vision {

CentreDistances centre_distances(std::span<const float> embedding, std::span<const float> centres) {
  const size_t e_size = embedding.size();
  if (e_size == 0 || centres.size() != size_t(kNumClasses) * e_size) {
    throw InputError("colour centres hold " + std::to_string(centres.size()) + " values; 9 centres of " +
                     std::to_string(e_size) + " were expected");
  }
  CentreDistances out;
  for (size_t k = 0; k < size_t(kNumClasses); ++k) {
    float d = 0.0f;
    for (size_t i = 0; i < e_size; ++i) {
      const float diff = embedding[i] - centres[k * e_size + i];
      d += diff * diff;
    }
    out.squared[k] = d;
    if (d < out.squared[size_t(out.nearest)]) out.nearest = static_cast<int>(k);
  }
  return out;
}

std::vector<int> nearest_centres(std::span<const float> points, std::span<const float> centres, int64_t dim) {
  const auto d = static_cast<size_t>(dim);
  if (d == 0 || centres.empty() || centres.size() % d != 0 || points.size() % d != 0) {
    throw InputError("nearest centres: " + std::to_string(points.size()) + " point values and " +
                     std::to_string(centres.size()) + " centre values are not whole rows of " + std::to_string(d));
  }
  const size_t n_centres = centres.size() / d;
  std::vector<int> nearest(points.size() / d, 0);
  for (size_t i = 0; i < nearest.size(); ++i) {
    float best = 0.0f;
    for (size_t c = 0; c < n_centres; ++c) {
      float s = 0.0f;
      for (size_t k = 0; k < d; ++k) {
        const float diff = points[i * d + k] - centres[c * d + k];
        s += diff * diff;
      }
      if (c == 0 || s < best) {
        best = s;
        nearest[i] = int(c);
      }
    }
  }
  return nearest;
}

}  // namespace vec2midi::vision
