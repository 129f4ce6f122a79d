#include "app/static_files.hpp"

#include <gtest/gtest.h>

#include "io/atomic_file.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;

fs::path site() {
  static const fs::path dir = [] {
    const fs::path d = vec2midi::testing::temp_dir("static_files");
    fs::create_directories(d / "site" / "css");
    io::write_file_atomic(d / "site" / "index.html", "<html>");
    io::write_file_atomic(d / "site" / "css" / "a.css", "body{}");
    io::write_file_atomic(d / "outside.txt", "secret");
    fs::create_symlink(d / "outside.txt", d / "site" / "link.txt");
    return d / "site";
  }();
  return dir;
}

TEST(StaticFiles, RootNamesTheIndex) {
  StaticLookup lookup;
  const auto file = resolve_static_path(site(), "/", lookup);
  ASSERT_TRUE(file);
  EXPECT_EQ(lookup, StaticLookup::kFound);
  EXPECT_EQ(file->filename(), "index.html");
}

TEST(StaticFiles, NestedFileIsFound) {
  StaticLookup lookup;
  const auto file = resolve_static_path(site(), "/css/./a.css", lookup);
  ASSERT_TRUE(file);
  EXPECT_EQ(*file, fs::canonical(site() / "css" / "a.css"));
}

TEST(StaticFiles, DotDotIsForbiddenEvenWhenItStaysInside) {
  StaticLookup lookup;
  EXPECT_FALSE(resolve_static_path(site(), "/../outside.txt", lookup));
  EXPECT_EQ(lookup, StaticLookup::kForbidden);
  EXPECT_FALSE(resolve_static_path(site(), "/css/../index.html", lookup));
  EXPECT_EQ(lookup, StaticLookup::kForbidden);
}

TEST(StaticFiles, BackslashAndNulAreForbidden) {
  StaticLookup lookup;
  EXPECT_FALSE(resolve_static_path(site(), "/..\\outside.txt", lookup));
  EXPECT_EQ(lookup, StaticLookup::kForbidden);
  EXPECT_FALSE(resolve_static_path(site(), std::string_view("/index.html\0x", 13), lookup));
  EXPECT_EQ(lookup, StaticLookup::kForbidden);
}

TEST(StaticFiles, AbsolutePathStaysInsideTheFolder) {
  StaticLookup lookup;
  EXPECT_FALSE(resolve_static_path(site(), "//etc/passwd", lookup));
  EXPECT_EQ(lookup, StaticLookup::kNotFound);
}

TEST(StaticFiles, SymlinkLeadingOutsideIsForbidden) {
  StaticLookup lookup;
  EXPECT_FALSE(resolve_static_path(site(), "/link.txt", lookup));
  EXPECT_EQ(lookup, StaticLookup::kForbidden);
}

TEST(StaticFiles, FolderIsNotAFile) {
  StaticLookup lookup;
  EXPECT_FALSE(resolve_static_path(site(), "/css", lookup));
  EXPECT_EQ(lookup, StaticLookup::kNotFound);
}

TEST(StaticFiles, ContentTypeByExtension) {
  EXPECT_EQ(content_type("a/b.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type("x.wav"), "audio/wav");
  EXPECT_EQ(content_type("x.mid"), "audio/midi");
  EXPECT_EQ(content_type("x"), "application/octet-stream");
}

}  // namespace
}  // namespace vec2midi::app

namespace vec2midi::app {
namespace {

TEST(StaticFiles, PictureNamesAreTheSortedPicturesOfTheFolderAlone) {
  const std::filesystem::path dir = vec2midi::testing::temp_dir("static_files_pictures");
  for (const char* name : {"b.JPG", "a.png", "notes.txt", "c.webp"}) io::write_file_atomic(dir / name, "x");
  std::filesystem::create_directories(dir / "d.jpg");  // a folder, not a picture
  EXPECT_EQ(picture_names(dir), (std::vector<std::string>{"a.png", "b.JPG", "c.webp"}));
  EXPECT_TRUE(picture_names(dir / "missing").empty());
}

}  // namespace
}  // namespace vec2midi::app
