#include "io/lower_case.hpp"

#include <gtest/gtest.h>

namespace vec2midi::io {
namespace {

TEST(LowerCase, TurnsAsciiCapitalsAndKeepsEveryOtherByte) {
  EXPECT_EQ(lower_case("F#M Bb Major"), "f#m bb major");
  EXPECT_EQ(lower_case(""), "");
  EXPECT_EQ(lower_case("Gr\xc3\x9c\xc3\x9f"), "gr\xc3\x9c\xc3\x9f");  // UTF-8 bytes untouched (not ASCII)
  EXPECT_EQ(lower_case(std::string("A\0B", 3)), std::string("a\0b", 3));
}

TEST(LowerCase, ExtensionWithItsDot) {
  EXPECT_EQ(lower_extension("photos/Car.JPG"), ".jpg");
  EXPECT_EQ(lower_extension("clip.Tar.GZ"), ".gz");
  EXPECT_EQ(lower_extension("README"), "");
  EXPECT_EQ(lower_extension("dir.D/file"), "");
  EXPECT_EQ(lower_extension(".hidden"), "");  // a leading dot is the name, not an extension
}

}  // namespace
}  // namespace vec2midi::io
