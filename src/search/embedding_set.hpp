// The labelled embeddings the search and the evaluation work on, and the two ways to get them (issue 6,
// item 3): the original's scheme (class centres + N(0, diag(std/10)) samples, 95 %/5 % split in order;
// MISSION.md §1) or our embedder applied to a folder of class folders of images.
// Usage: auto split = original_scheme(model.centres, {}); TripletObjective f(dec, t, split.train, {});
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <vector>

#include "io/random_stream.hpp"
#include "vision/colour_centres.hpp"
#include "vision/folder_dataset.hpp"

namespace vec2midi::vision {
class PlainEmbedder;
}

namespace vec2midi::search {

/// Embeddings with their class labels.
struct EmbeddingSet {
  int64_t embedding_size = 0;     ///< E
  std::vector<float> embeddings;  ///< [N, E] row-major
  std::vector<int> labels;        ///< N class indices (vision/colour_class.hpp order)

  int64_t size() const { return static_cast<int64_t>(labels.size()); }
  /// Embedding i: E values.
  std::span<const float> row(int64_t i) const {
    return std::span<const float>(embeddings).subspan(size_t(i * embedding_size), size_t(embedding_size));
  }
  /// The embeddings of `items`, in that order: [items.size(), E] row-major.
  std::vector<float> rows(std::span<const int64_t> items) const;
  /// Throws InputError unless embeddings holds size()·E values and E >= 1 (`what` names the set).
  void check(const char* what) const;
};

/// A train part (triplets of the search) and a test part (evaluation).
struct EmbeddingSplit {
  EmbeddingSet train;
  EmbeddingSet test;
};

/// The original's synthetic embedding data (MISSION.md §1, §5).
struct OriginalSchemeOptions {
  /// Items per class, in class order. MISSION.md §1 gives only "about 2,250 images, 195–355 per class"
  /// (the per-class counts of the original's embed.gz are not recorded): 9 × 250 = 2,250 by default.
  std::vector<int64_t> class_sizes = std::vector<int64_t>(9, 250);
  double covariance_divisor = 10.0;  ///< covariance diag(std / 10): the std itself divided (MISSION.md §1)
  double train_fraction = 0.95;      ///< first floor(0.95·n) of each class train, the rest test (§1, in order)
  uint64_t seed = 0;                 ///< the data seed
  io::Stream stream = io::Stream::search_data;  ///< whose data: the search's, validation's or a test's
};

/// Items of each class: sample i of class c = mean_c + sqrt(std_c / divisor) ⊙ ε, ε ~ N(0, I) drawn
/// class by class, item by item, from io::stream_generator(seed, stream) through fill_standard_normal; then split in
/// order. Throws InputError if the sizes do not match the centres or a class has fewer than 2 items.
EmbeddingSplit original_scheme(const vision::ColourCentres& centres, const OriginalSchemeOptions& options);

/// Per class, the first floor(fraction·n) items (in the given order) as train, the rest as test.
EmbeddingSplit split_in_order(const EmbeddingSet& all, double train_fraction);

/// Our embedder's raw embeddings (not snapped to centres) of `items`, in their order (PlainEmbedder::embed_files;
/// `after_chunk`, if set, is told how many are done after each chunk). Throws InputError naming an image that cannot
/// be read, or for no items.
EmbeddingSet embed_images(const vision::PlainEmbedder& embedder, const std::vector<vision::LabelledImage>& items,
                          const std::function<void(int64_t done)>& after_chunk = {});

/// embed_images() of every image in the class folders of `dir` (vision/folder_dataset.hpp), in key order.
/// Throws InputError naming the folder or image.
EmbeddingSet embed_image_folder(const vision::PlainEmbedder& embedder, const std::filesystem::path& dir);

/// Indices of the items of each class: result[c] lists the positions i with labels[i] == c.
std::vector<std::vector<int64_t>> indices_by_class(const std::vector<int>& labels, int n_classes);

}  // namespace vec2midi::search
