// The server's memory of pictures it has read: one reading per picture file and palette size, the least recently
// used dropped first, a failed reading never remembered; and a picture read once composes exactly as it does
// from its pixels.
#include "app/picture_cache.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "composer_fixture.hpp"
#include "io/error.hpp"
#include "support/input_error.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::app {
namespace {

PictureReading reading_of_colour(int colour) {
  PictureReading r;
  r.whole.colour = colour;
  r.palette_size = 4;
  return r;
}

TEST(PictureKey, TheSameBytesAndPaletteGiveTheSameKeyAnythingElseAnother) {
  EXPECT_EQ(picture_key("abc", 4), picture_key("abc", 4));
  EXPECT_NE(picture_key("abc", 4), picture_key("abd", 4));
  EXPECT_NE(picture_key("abc", 4), picture_key("abc", 3));
  EXPECT_NE(picture_key("abc", 4), picture_key(std::string_view("abc\0", 4), 4));  // a longer file
  EXPECT_NE(picture_key("", 4).fnv, picture_key("a", 4).fnv);
}

TEST(PictureCache, APictureIsReadOnceThenRemembered) {
  PictureCache cache(4);
  int reads = 0;
  const auto read_red = [&] { ++reads; return reading_of_colour(6); };
  EXPECT_EQ(cache.get("red picture", 4, read_red)->whole.colour, 6);
  EXPECT_EQ(cache.get("red picture", 4, read_red)->whole.colour, 6);
  EXPECT_EQ(reads, 1);
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.misses(), 1u);
  cache.get("red picture", 2, read_red);  // another palette size is another reading
  EXPECT_EQ(reads, 2);
}

TEST(PictureCache, TheLeastRecentlyUsedGoesFirst) {
  PictureCache cache(2);
  int reads = 0;
  const auto read = [&] { ++reads; return reading_of_colour(reads); };
  cache.get("a", 4, read);
  cache.get("b", 4, read);
  cache.get("a", 4, read);  // a is now the most recent
  cache.get("c", 4, read);  // b goes
  EXPECT_EQ(reads, 3);
  cache.get("a", 4, read);
  EXPECT_EQ(reads, 3);
  cache.get("b", 4, read);
  EXPECT_EQ(reads, 4);
}

TEST(PictureCache, AFailedReadingPassesThroughAndIsNotRemembered) {
  PictureCache cache(2);
  EXPECT_THROW(cache.get("broken", 4, []() -> PictureReading { throw InputError("image: not a picture"); }), InputError);
  int reads = 0;
  cache.get("broken", 4, [&] { ++reads; return reading_of_colour(1); });
  EXPECT_EQ(reads, 1);
}

TEST(PictureCache, APictureReadOnceComposesAsItsPixelsDo) {
  const Composer composer(testing::fixture_models());
  const cv::Mat picture = testing::flat_picture(6);
  for (const ComposeOptions& options : {ComposeOptions{}, ComposeOptions{.n_bars = 8, .nudges = {{1, 1.5}}}}) {
    const Composition direct = composer.compose(picture, options);
    const Composition read = composer.compose(composer.read_picture(picture, options.palette_size), options);
    EXPECT_EQ(read.colour, direct.colour);
    EXPECT_EQ(read.z, direct.z);
    EXPECT_EQ(read.melody.notes, direct.melody.notes);
    ASSERT_EQ(read.palette.size(), direct.palette.size());
    for (size_t i = 0; i < read.palette.size(); ++i) EXPECT_EQ(read.palette[i].colour, direct.palette[i].colour);
  }
  const PictureReading three = composer.read_picture(picture, 3);
  EXPECT_NE(vec2midi::testing::input_error_of([&] { composer.compose(three, {}); }).find("read with a palette of 3, not 4"),
            std::string::npos);
  EXPECT_NE(vec2midi::testing::input_error_of([&] { composer.read_picture(picture, 9); }).find("palette size must be 1..8"),
            std::string::npos);
}

}  // namespace
}  // namespace vec2midi::app
