// The repository's data/photo_split.json against ../shared/data/photos: it is what split-photos writes with its
// defaults (so the file is reproducible, not hand-edited), and every photo of every source is in one part.
#include <gtest/gtest.h>

#include "support/shared_data.hpp"
#include "vision/photo_split.hpp"

namespace vec2midi::vision {
namespace {

TEST(PhotoSplitFile, IsTheDefaultSplitOfTheSharedPhotos) {
  const auto root = testing::shared_path("data/photos");
  const auto committed = read_photo_split("data/photo_split.json");  // tests run in the repository root
  const auto fresh = make_photo_split(root, {"cars_web", "paint_crops", "train"}, {});
  EXPECT_EQ(committed.options.seed, fresh.options.seed);
  EXPECT_EQ(committed.sources, fresh.sources);
  size_t total = 0;
  for (const auto& [source, keys] : committed.sources) total += keys.size();
  EXPECT_EQ(total, 3501u);  // ../shared/README.md: 285 + 2,760 + 456
}

}  // namespace
}  // namespace vec2midi::vision
