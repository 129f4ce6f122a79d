#include "vision/folder_dataset.hpp"

#include <gtest/gtest.h>

#include <set>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "support/shared_data.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::vision {
namespace {
namespace fs = std::filesystem;

void touch(const fs::path& path) {
  fs::create_directories(path.parent_path());
  io::write_file_atomic(path, "x");
}

TEST(FolderDataset, FindsClassFoldersCaseInsensitivelyWithAliases) {
  const auto dir = testing::temp_dir("folder_aliases");
  touch(dir / "Red" / "a.jpg");
  touch(dir / "silver" / "b.PNG");
  touch(dir / "Violet" / "c.webp");
  touch(dir / "notes" / "d.jpg");  // not a class: ignored
  const auto items = scan_folder_dataset(dir);
  ASSERT_EQ(items.size(), 3u);
  std::set<int> labels;
  for (const auto& item : items) labels.insert(item.label);
  EXPECT_EQ(labels, (std::set<int>{class_index("red"), class_index("grey"), class_index("purple")}));
}

TEST(FolderDataset, IgnoresFilesThatAreNotImages) {
  const auto dir = testing::temp_dir("folder_non_images");
  touch(dir / "blue" / "a.jpg");
  touch(dir / "blue" / "readme.txt");
  EXPECT_EQ(scan_folder_dataset(dir).size(), 1u);
}

TEST(FolderDataset, KeysNameFolderAndFile) {
  const auto dir = testing::temp_dir("folder_keys");
  touch(dir / "Green" / "leaf.jpg");
  EXPECT_EQ(scan_folder_dataset(dir).front().key, "Green/leaf.jpg");
}

TEST(FolderDataset, MissingFolderIsAnInputError) { EXPECT_THROW(scan_folder_dataset("/nonexistent/dataset"), InputError); }

TEST(FolderDataset, FolderWithoutClassFoldersIsAnInputError) {
  const auto dir = testing::temp_dir("folder_empty");
  touch(dir / "misc" / "a.jpg");
  EXPECT_THROW(scan_folder_dataset(dir), InputError);
}

std::vector<LabelledImage> fake_items(int per_class) {
  std::vector<LabelledImage> items;
  for (int c = 0; c < kNumClasses; ++c)
    for (int i = 0; i < per_class; ++i) {
      const std::string key = std::string(kClassNames[size_t(c)]) + "/img" + std::to_string(i) + ".jpg";
      items.push_back({key, c, key});
    }
  return items;
}

TEST(FolderDataset, HoldoutIsStratifiedAndComplete) {
  const auto split = split_holdout(fake_items(10), 0.2, 7);
  for (auto n : count_per_class(split.held_out)) EXPECT_EQ(n, 2);
  for (auto n : count_per_class(split.train)) EXPECT_EQ(n, 8);
}

TEST(FolderDataset, HoldoutIsDeterministicAndIndependentOfInputOrder) {
  auto items = fake_items(10);
  const auto a = split_holdout(items, 0.2, 7);
  std::reverse(items.begin(), items.end());
  const auto b = split_holdout(items, 0.2, 7);
  ASSERT_EQ(a.held_out.size(), b.held_out.size());
  for (size_t i = 0; i < a.held_out.size(); ++i) EXPECT_EQ(a.held_out[i].key, b.held_out[i].key);
}

TEST(FolderDataset, HoldoutDependsOnTheSeed) {
  const auto a = split_holdout(fake_items(10), 0.2, 7), b = split_holdout(fake_items(10), 0.2, 8);
  bool differ = false;
  for (size_t i = 0; i < a.held_out.size(); ++i) differ |= a.held_out[i].key != b.held_out[i].key;
  EXPECT_TRUE(differ);
}

TEST(FolderDataset, SmallClassStillHoldsOneOut) {
  std::vector<LabelledImage> items = {{"a", 0, "black/a"}, {"b", 0, "black/b"}};
  EXPECT_EQ(split_holdout(items, 0.1, 1).held_out.size(), 1u);
}

TEST(FolderDataset, ScansTheRealPhotos) {
  const auto items = scan_folder_dataset(testing::shared_path("data/photos/train"));
  EXPECT_GT(items.size(), 200u);
  for (auto n : count_per_class(items)) EXPECT_GT(n, 10);
}

}  // namespace
}  // namespace vec2midi::vision
