#include "search/soft_snap.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "io/error.hpp"

namespace vec2midi::search {

std::vector<double> class_posteriors(std::span<const float> points, const vision::ColourCentres& centres,
                                     double temperature) {
  if (!(temperature > 0.0) || !std::isfinite(temperature)) {
    throw InputError("soft snap: the temperature must be a positive number, got " + std::to_string(temperature));
  }
  const int64_t dim = centres.embedding_size, n_classes = centres.n_classes();
  if (dim < 1 || n_classes < 1 || centres.std.size() != centres.mean.size() || points.size() % size_t(dim) != 0) {
    throw InputError("soft snap: the embeddings' size does not match the colour centres (" + std::to_string(dim) +
                     " dimensions)");
  }
  const int64_t n = int64_t(points.size()) / dim;
  std::vector<double> log_norm(size_t(n_classes), 0.0), posteriors(size_t(n * n_classes));
  std::vector<double> variance(centres.std.size());
  for (size_t k = 0; k < variance.size(); ++k) variance[k] = std::max(temperature * centres.std[k] / 10.0, 1e-12);
  for (int64_t c = 0; c < n_classes; ++c) {
    for (int64_t d = 0; d < dim; ++d) log_norm[size_t(c)] += 0.5 * std::log(variance[size_t(c * dim + d)]);
  }
  for (int64_t i = 0; i < n; ++i) {
    double* row = posteriors.data() + i * n_classes;
    double top = -std::numeric_limits<double>::infinity();
    for (int64_t c = 0; c < n_classes; ++c) {
      double q = 0.0;
      for (int64_t d = 0; d < dim; ++d) {
        const double diff = double(points[size_t(i * dim + d)]) - double(centres.mean[size_t(c * dim + d)]);
        q += diff * diff / variance[size_t(c * dim + d)];
      }
      row[c] = -0.5 * q - log_norm[size_t(c)];
      top = std::max(top, row[c]);
    }
    double sum = 0.0;
    for (int64_t c = 0; c < n_classes; ++c) sum += row[c] = std::exp(row[c] - top);
    for (int64_t c = 0; c < n_classes; ++c) row[c] /= sum;
  }
  return posteriors;
}

EmbeddingSet soft_snap(const EmbeddingSet& set, const vision::ColourCentres& centres, double temperature) {
  set.check("soft snap");
  if (set.embedding_size != centres.embedding_size) {
    throw InputError("soft snap: embeddings of " + std::to_string(set.embedding_size) + " dimensions, colour centres of " +
                     std::to_string(centres.embedding_size));
  }
  const std::vector<double> p = class_posteriors(set.embeddings, centres, temperature);
  const int64_t dim = set.embedding_size, n_classes = centres.n_classes();
  EmbeddingSet out{.embedding_size = dim, .embeddings = std::vector<float>(set.embeddings.size()), .labels = set.labels};
  for (int64_t i = 0; i < set.size(); ++i) {
    for (int64_t d = 0; d < dim; ++d) {
      double v = 0.0;
      for (int64_t c = 0; c < n_classes; ++c) v += p[size_t(i * n_classes + c)] * double(centres.mean[size_t(c * dim + d)]);
      out.embeddings[size_t(i * dim + d)] = float(v);
    }
  }
  return out;
}

}  // namespace vec2midi::search
