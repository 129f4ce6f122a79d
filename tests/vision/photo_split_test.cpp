#include "vision/photo_split.hpp"

#include <gtest/gtest.h>

#include <set>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "support/shared_data.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::vision {
namespace {
namespace fs = std::filesystem;

/// root/<source>/<class>/<i>.jpg for `n` files of each class (names only: nothing is decoded).
fs::path fake_sources(const std::string& name, const std::vector<std::pair<std::string, int>>& sources) {
  const auto root = testing::temp_dir(name);
  for (const auto& [source, n] : sources) {
    for (auto cls : kClassNames) {
      fs::create_directories(root / source / std::string(cls));
      for (int i = 0; i < n; ++i) io::write_file_atomic(root / source / std::string(cls) / (std::to_string(i) + ".jpg"), "x");
    }
  }
  return root;
}

TEST(PhotoSplit, EveryImageIsInExactlyOnePartWithStratifiedShares) {
  const auto root = fake_sources("split_shares", {{"a", 10}, {"b", 20}});
  const auto split = make_photo_split(root, {"a", "b"}, {});
  for (const auto& [source, n] : std::vector<std::pair<std::string, int64_t>>{{"a", 10}, {"b", 20}}) {
    const auto sizes = part_sizes(split, source);
    EXPECT_EQ(sizes.at(SplitPart::test), 9 * n / 5) << source;       // 20 % of each class
    EXPECT_EQ(sizes.at(SplitPart::validation), 9 * n / 10) << source; // 10 % of each class
    EXPECT_EQ(sizes.at(SplitPart::train) + sizes.at(SplitPart::validation) + sizes.at(SplitPart::test), 9 * n);
    for (const SplitPart part : {SplitPart::train, SplitPart::validation, SplitPart::test}) {
      const auto items = split_items(split, root, part, source);
      const auto per_class = count_per_class(images_of(items));
      for (const int64_t count : per_class) EXPECT_EQ(count, int64_t(items.size()) / kNumClasses) << source;
    }
  }
}

TEST(PhotoSplit, SameSeedSameSplitOtherSeedOtherSplit) {
  const auto root = fake_sources("split_seed", {{"a", 10}});
  const auto first = make_photo_split(root, {"a"}, {});
  EXPECT_EQ(make_photo_split(root, {"a"}, {}).sources, first.sources);
  EXPECT_NE(make_photo_split(root, {"a"}, {.seed = 28}).sources, first.sources);
}

TEST(PhotoSplit, SmallClassesStillGiveEveryPartAnImage) {
  const auto root = fake_sources("split_small", {{"a", 3}});
  const auto sizes = part_sizes(make_photo_split(root, {"a"}, {}), "a");
  EXPECT_EQ(sizes.at(SplitPart::test), 9);
  EXPECT_EQ(sizes.at(SplitPart::validation), 9);
  EXPECT_EQ(sizes.at(SplitPart::train), 9);
}

TEST(PhotoSplit, FileRoundTripsAndListsItemsUnderTheRoot) {
  const auto root = fake_sources("split_file", {{"a", 5}, {"b", 5}});
  const auto split = make_photo_split(root, {"a", "b"}, {.validation = 0.2, .test = 0.2, .seed = 3});
  write_photo_split(root / "split.json", split);
  const auto back = read_photo_split(root / "split.json");
  EXPECT_EQ(back.sources, split.sources);
  EXPECT_EQ(back.options.seed, 3u);
  const auto test = split_items(back, root, SplitPart::test);
  ASSERT_EQ(test.size(), 18u);
  EXPECT_EQ(test.front().source, "a");
  EXPECT_EQ(test.back().source, "b");
  EXPECT_TRUE(fs::exists(test.front().image.path));
  EXPECT_EQ(test.front().image.label, find_class(test.front().image.key.substr(0, test.front().image.key.find('/'))));
}

TEST(PhotoSplit, RefusesAKeyInTwoPartsAndAMissingPhoto) {
  const auto dir = testing::temp_dir("split_bad");
  io::write_file_atomic(dir / "twice.json", R"({"format": "vec2midi.photo-split", "seed": 1, "validation": 0.1, "test": 0.2,
    "sources": {"a": {"train": ["red/1.jpg"], "validation": [], "test": ["red/1.jpg"]}}})");
  EXPECT_THROW(read_photo_split(dir / "twice.json"), InputError);
  io::write_file_atomic(dir / "one.json", R"({"format": "vec2midi.photo-split", "seed": 1, "validation": 0.1, "test": 0.2,
    "sources": {"a": {"train": ["red/1.jpg"], "validation": [], "test": []}}})");
  const auto split = read_photo_split(dir / "one.json");
  EXPECT_THROW(split_items(split, dir, SplitPart::train), InputError);  // dir/a/red/1.jpg does not exist
  EXPECT_THROW(split_items(split, dir, SplitPart::train, "b"), InputError);
  io::write_file_atomic(dir / "other.json", R"({"format": "something else"})");
  EXPECT_THROW(read_photo_split(dir / "other.json"), InputError);
}

TEST(PhotoSplit, RefusesSharesThatLeaveNothingToTrainOn) {
  const auto root = fake_sources("split_shares_bad", {{"a", 3}});
  EXPECT_THROW(make_photo_split(root, {"a"}, {.validation = 0.5, .test = 0.5}), InputError);
  EXPECT_THROW(make_photo_split(root, {"a"}, {.validation = -0.1}), InputError);
  EXPECT_THROW(make_photo_split(root, {"missing"}, {}), InputError);
}

TEST(PhotoSplit, PartNamesRoundTrip) {
  for (const SplitPart part : {SplitPart::train, SplitPart::validation, SplitPart::test}) EXPECT_EQ(find_part(part_name(part)), part);
  EXPECT_FALSE(find_part("holdout"));
}

}  // namespace
}  // namespace vec2midi::vision
