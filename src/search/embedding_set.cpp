#include "search/embedding_set.hpp"

#include <cmath>
#include <string>

#include "io/error.hpp"
#include "io/random.hpp"
#include "vision/colour_class.hpp"
#include "vision/folder_dataset.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::search {

EmbeddingSplit original_scheme(const vision::ColourCentres& centres, const OriginalSchemeOptions& options) {
  const int64_t n_classes = centres.mean.size(0);
  const int64_t dim = centres.mean.size(1);
  if (static_cast<int64_t>(options.class_sizes.size()) != n_classes) {
    throw InputError("original scheme: " + std::to_string(options.class_sizes.size()) + " class sizes for " +
                     std::to_string(n_classes) + " centres");
  }
  if (!(options.covariance_divisor > 0.0)) throw InputError("original scheme: covariance divisor must be > 0");
  const torch::Tensor mean = centres.mean.to(torch::kFloat64).contiguous();
  const torch::Tensor scale = torch::sqrt(centres.std.to(torch::kFloat64) / options.covariance_divisor).contiguous();
  io::Rng gen = io::stream_generator(options.seed, options.stream);
  EmbeddingSet all;
  int64_t total = 0;
  for (int64_t n : options.class_sizes) {
    if (n < 2) throw InputError("original scheme: every class needs at least 2 items, got " + std::to_string(n));
    total += n;
  }
  std::vector<float> values;
  values.reserve(static_cast<size_t>(total * dim));
  std::vector<double> eps(static_cast<size_t>(dim));
  for (int64_t c = 0; c < n_classes; ++c) {
    const double* m = mean[c].data_ptr<double>();
    const double* s = scale[c].data_ptr<double>();
    for (int64_t i = 0; i < options.class_sizes[static_cast<size_t>(c)]; ++i) {
      io::fill_standard_normal(gen, eps);
      for (int64_t k = 0; k < dim; ++k) values.push_back(static_cast<float>(m[k] + s[k] * eps[static_cast<size_t>(k)]));
      all.labels.push_back(static_cast<int>(c));
    }
  }
  all.embeddings = torch::from_blob(values.data(), {total, dim}, torch::kFloat32).clone();
  return split_in_order(all, options.train_fraction);
}

EmbeddingSplit split_in_order(const EmbeddingSet& all, double train_fraction) {
  if (!(train_fraction > 0.0 && train_fraction <= 1.0)) {
    throw InputError("train fraction must be in (0, 1], got " + std::to_string(train_fraction));
  }
  int max_label = 0;
  for (int l : all.labels) max_label = std::max(max_label, l);
  const auto by_class = indices_by_class(all.labels, max_label + 1);
  std::vector<int64_t> train_idx, test_idx;
  EmbeddingSplit split;
  for (size_t c = 0; c < by_class.size(); ++c) {
    const auto& items = by_class[c];
    // The original: data[i][:int(n * 0.95)] train, the rest test (music_learning.py).
    const auto n_train = static_cast<size_t>(std::floor(static_cast<double>(items.size()) * train_fraction));
    for (size_t i = 0; i < items.size(); ++i) {
      (i < n_train ? train_idx : test_idx).push_back(items[i]);
      (i < n_train ? split.train.labels : split.test.labels).push_back(static_cast<int>(c));
    }
  }
  auto take = [&](const std::vector<int64_t>& idx) {
    if (idx.empty()) return torch::zeros({0, all.embeddings.size(1)}, torch::kFloat32);
    return all.embeddings.index_select(0, torch::tensor(idx, torch::kInt64)).to(torch::kFloat32).contiguous();
  };
  split.train.embeddings = take(train_idx);
  split.test.embeddings = take(test_idx);
  return split;
}

EmbeddingSet embed_image_folder(vision::EmbedderModel& model, const std::filesystem::path& dir) {
  const auto items = vision::scan_folder_dataset(dir);
  if (items.empty()) throw InputError(dir.string() + ": no images in its class folders");
  std::vector<cv::Mat> images;
  EmbeddingSet set;
  for (const auto& item : items) {
    images.push_back(vision::load_image(item.path));
    set.labels.push_back(item.label);
  }
  set.embeddings = vision::embed_images(model, images).to(torch::kFloat32).contiguous();
  return set;
}

std::vector<std::vector<int64_t>> indices_by_class(const std::vector<int>& labels, int n_classes) {
  std::vector<std::vector<int64_t>> out(static_cast<size_t>(n_classes));
  for (size_t i = 0; i < labels.size(); ++i) {
    const int c = labels[i];
    if (c < 0 || c >= n_classes) throw InputError("class label " + std::to_string(c) + " out of range");
    out[static_cast<size_t>(c)].push_back(static_cast<int64_t>(i));
  }
  return out;
}

}  // namespace vec2midi::search
