// The pictures of `compose --list FILE|DIR` and the names their results get.
#include "app/batch_list.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;

void touch(const fs::path& path) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << "x";
}

std::vector<std::string> keys(const std::vector<BatchPicture>& pictures) {
  std::vector<std::string> k;
  for (const auto& p : pictures) k.push_back(p.key());
  return k;
}

TEST(BatchList, AFolderIsSearchedRecursivelyInPathOrderAndMirrored) {
  const fs::path dir = vec2midi::testing::temp_dir("batch_list_folder");
  touch(dir / "b.png");
  touch(dir / "a.JPG");
  touch(dir / "cars" / "red" / "c.webp");
  touch(dir / "notes.txt");
  touch(dir / "cars" / "README.md");
  const auto pictures = read_batch_list(dir);
  EXPECT_EQ(keys(pictures), (std::vector<std::string>{"a", "b", "cars/red/c"}));
  EXPECT_EQ(pictures[2].image, dir / "cars" / "red" / "c.webp");
  EXPECT_EQ(pictures[2].folder, fs::path("cars/red"));
  EXPECT_EQ(pictures[2].name, "c");
}

TEST(BatchList, AListFileReadsPathsFromItsOwnFolder) {
  const fs::path dir = vec2midi::testing::temp_dir("batch_list_file");
  const fs::path elsewhere = vec2midi::testing::temp_dir("batch_list_elsewhere") / "far.jpg";
  std::ofstream(dir / "list.txt") << "# pictures\nphotos/one.jpg\r\n\n" << elsewhere.string() << "\nmissing.png\n";
  const auto pictures = read_batch_list(dir / "list.txt");
  ASSERT_EQ(pictures.size(), 3u);
  EXPECT_EQ(pictures[0].image, dir / "photos/one.jpg");
  EXPECT_EQ(pictures[0].key(), "photos/one");
  EXPECT_EQ(pictures[1].image, elsewhere);
  EXPECT_EQ(pictures[1].key(), "far");  // outside the list's folder: its file name alone
  EXPECT_EQ(pictures[2].key(), "missing");  // kept: it fails on its own when composed
}

TEST(BatchList, BadListsAreOneInputError) {
  const fs::path dir = vec2midi::testing::temp_dir("batch_list_bad");
  const auto message = [](const fs::path& list) {
    try {
      read_batch_list(list);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(dir / "nothing"), (dir / "nothing").string() + ": no such folder or list file");
  fs::create_directories(dir / "empty");
  EXPECT_NE(message(dir / "empty").find("no pictures"), std::string::npos);
  std::ofstream(dir / "text.txt") << "a.jpg\nb.mid\n";
  EXPECT_EQ(message(dir / "text.txt"), (dir / "text.txt").string() + ":2: b.mid is not a picture (.jpg, .jpeg, .png, .bmp or .webp)");
  std::ofstream(dir / "clash.txt") << "x/a.jpg\nx/a.png\n";
  EXPECT_EQ(message(dir / "clash.txt"),
            (dir / "x/a.png").string() + " and " + (dir / "x/a.jpg").string() + " would both write x/a.*; rename one");
}

}  // namespace
}  // namespace vec2midi::app
