#include "vision/colour_class.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace vec2midi::vision {
namespace {

TEST(ColourClass, NamesAreInTheOriginalOrder) {
  const char* expected[] = {"black", "blue", "green", "grey", "orange", "purple", "red", "white", "yellow"};
  for (int i = 0; i < kNumClasses; ++i) EXPECT_EQ(kClassNames[size_t(i)], expected[i]);
}

TEST(ColourClass, FindIsCaseInsensitive) {
  EXPECT_EQ(find_class("RED"), 6);
  EXPECT_EQ(find_class("Yellow"), 8);
}

TEST(ColourClass, SilverGrayAndVioletAreAliases) {
  EXPECT_EQ(find_class("silver"), 3);
  EXPECT_EQ(find_class("Gray"), 3);
  EXPECT_EQ(find_class("violet"), 5);
}

TEST(ColourClass, UnknownNameIsNotFound) { EXPECT_FALSE(find_class("magenta").has_value()); }

TEST(ColourClass, UnknownNameThrowsInputErrorNamingIt) {
  try {
    class_index("teal");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("teal"), std::string::npos);
  }
}

}  // namespace
}  // namespace vec2midi::vision
