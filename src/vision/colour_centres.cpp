#include "vision/colour_centres.hpp"

#include <cmath>
#include <string>

#include "io/error.hpp"

namespace vec2midi::vision {

ColourCentres compute_centres(std::span<const float> embeddings, std::span<const int> labels, int64_t embedding_size,
                              int n_classes) {
  const auto e = static_cast<size_t>(embedding_size);
  if (e == 0 || embeddings.size() != labels.size() * e) {
    throw InputError("colour centres: " + std::to_string(embeddings.size()) + " values for " +
                     std::to_string(labels.size()) + " labels of " + std::to_string(e) + "-d embeddings");
  }
  const auto c_count = static_cast<size_t>(n_classes);
  std::vector<double> sum(c_count * e, 0.0), square(c_count * e, 0.0);
  std::vector<int64_t> count(c_count, 0);
  for (size_t i = 0; i < labels.size(); ++i) {
    const int c = labels[i];
    if (c < 0 || c >= n_classes) throw InputError("colour centres: class label " + std::to_string(c) + " out of range");
    ++count[size_t(c)];
    for (size_t k = 0; k < e; ++k) sum[size_t(c) * e + k] += embeddings[i * e + k];
  }
  for (size_t c = 0; c < c_count; ++c) {
    if (count[c] == 0) {
      const std::string name = c < size_t(kNumClasses) ? std::string(kClassNames[c]) : std::to_string(c);
      throw InputError("no training image of class '" + name + "': cannot compute its colour centre");
    }
  }
  ColourCentres centres{.embedding_size = embedding_size, .mean = std::vector<float>(c_count * e),
                        .std = std::vector<float>(c_count * e)};
  for (size_t i = 0; i < labels.size(); ++i) {  // squared deviations from the mean (two passes: no cancellation)
    const auto c = size_t(labels[i]);
    for (size_t k = 0; k < e; ++k) {
      const double d = embeddings[i * e + k] - sum[c * e + k] / double(count[c]);
      square[c * e + k] += d * d;
    }
  }
  for (size_t j = 0; j < c_count * e; ++j) {
    const double n = double(count[j / e]);
    centres.mean[j] = float(sum[j] / n);
    centres.std[j] = float(std::sqrt(square[j] / n));
  }
  return centres;
}

}  // namespace vec2midi::vision
