#include "search/embedding_set.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "io/error.hpp"
#include "io/random.hpp"
#include "vision/colour_class.hpp"
#include "vision/plain_embedder.hpp"

namespace vec2midi::search {

std::vector<float> EmbeddingSet::rows(std::span<const int64_t> items) const {
  std::vector<float> out;
  out.reserve(items.size() * size_t(embedding_size));
  for (int64_t i : items) {
    const std::span<const float> r = row(i);
    out.insert(out.end(), r.begin(), r.end());
  }
  return out;
}

void EmbeddingSet::check(const char* what) const {
  if (embedding_size < 1 || embeddings.size() != labels.size() * size_t(embedding_size)) {
    throw InputError(std::string(what) + ": embeddings must be [N, E] with N labels (" + std::to_string(embeddings.size()) +
                     " values, " + std::to_string(labels.size()) + " labels, E = " + std::to_string(embedding_size) + ")");
  }
}

EmbeddingSplit original_scheme(const vision::ColourCentres& centres, const OriginalSchemeOptions& options) {
  const int64_t n_classes = centres.n_classes();
  const int64_t dim = centres.embedding_size;
  if (static_cast<int64_t>(options.class_sizes.size()) != n_classes) {
    throw InputError("original scheme: " + std::to_string(options.class_sizes.size()) + " class sizes for " +
                     std::to_string(n_classes) + " centres");
  }
  if (!(options.covariance_divisor > 0.0)) throw InputError("original scheme: covariance divisor must be > 0");
  io::Rng gen = io::stream_generator(options.seed, options.stream);
  EmbeddingSet all{.embedding_size = dim, .embeddings = {}, .labels = {}};
  int64_t total = 0;
  for (int64_t n : options.class_sizes) {
    if (n < 2) throw InputError("original scheme: every class needs at least 2 items, got " + std::to_string(n));
    total += n;
  }
  all.embeddings.reserve(static_cast<size_t>(total * dim));
  std::vector<double> eps(static_cast<size_t>(dim));
  for (int64_t c = 0; c < n_classes; ++c) {
    const std::span<const float> m = centres.mean_of(int(c)), sd = centres.std_of(int(c));
    for (int64_t i = 0; i < options.class_sizes[static_cast<size_t>(c)]; ++i) {
      io::fill_standard_normal(gen, eps);
      for (size_t k = 0; k < size_t(dim); ++k) {
        const double scale = std::sqrt(double(sd[k]) / options.covariance_divisor);
        all.embeddings.push_back(static_cast<float>(double(m[k]) + scale * eps[k]));
      }
      all.labels.push_back(static_cast<int>(c));
    }
  }
  return split_in_order(all, options.train_fraction);
}

EmbeddingSplit split_in_order(const EmbeddingSet& all, double train_fraction) {
  if (!(train_fraction > 0.0 && train_fraction <= 1.0)) {
    throw InputError("train fraction must be in (0, 1], got " + std::to_string(train_fraction));
  }
  all.check("split");
  int max_label = 0;
  for (int l : all.labels) max_label = std::max(max_label, l);
  const auto by_class = indices_by_class(all.labels, max_label + 1);
  std::vector<int64_t> train_idx, test_idx;
  EmbeddingSplit split;
  split.train.embedding_size = split.test.embedding_size = all.embedding_size;
  for (size_t c = 0; c < by_class.size(); ++c) {
    const auto& items = by_class[c];
    // The original: data[i][:int(n * 0.95)] train, the rest test (music_learning.py).
    const auto n_train = static_cast<size_t>(std::floor(static_cast<double>(items.size()) * train_fraction));
    for (size_t i = 0; i < items.size(); ++i) {
      (i < n_train ? train_idx : test_idx).push_back(items[i]);
      (i < n_train ? split.train.labels : split.test.labels).push_back(static_cast<int>(c));
    }
  }
  split.train.embeddings = all.rows(train_idx);
  split.test.embeddings = all.rows(test_idx);
  return split;
}

EmbeddingSet embed_images(const vision::PlainEmbedder& embedder, const std::vector<vision::LabelledImage>& items,
                          const std::function<void(int64_t done)>& after_chunk) {
  if (items.empty()) throw InputError("no images to embed");
  EmbeddingSet set{.embedding_size = embedder.options().embedding_size, .embeddings = {}, .labels = {}};
  std::vector<std::filesystem::path> files;
  for (const vision::LabelledImage& item : items) {
    files.push_back(item.path);
    set.labels.push_back(item.label);
  }
  for (const std::vector<float>& e : embedder.embed_files(files, after_chunk)) set.embeddings.insert(set.embeddings.end(), e.begin(), e.end());
  return set;
}

EmbeddingSet embed_image_folder(const vision::PlainEmbedder& embedder, const std::filesystem::path& dir) {
  const auto items = vision::scan_folder_dataset(dir);
  if (items.empty()) throw InputError(dir.string() + ": no images in its class folders");
  return embed_images(embedder, items);
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
