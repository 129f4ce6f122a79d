#include "vision/training_record.hpp"

#include <gtest/gtest.h>

namespace vec2midi::vision {
namespace {

namespace fs = std::filesystem;

nlohmann::json two_folders() {
  const std::string a = fs::absolute("/photos/a").lexically_normal().string();
  return {{"data", {{{"dir", a}, {"held_out", {"red/1.jpg", "blue/2.jpg"}}}, {{"dir", "/photos/b"}, {"held_out", {"grey/3.jpg"}}}}}};
}

TEST(TrainingRecord, HeldOutKeysOfTheSameFolder) {
  EXPECT_EQ(held_out_keys(two_folders(), "/photos/./a"), (std::set<std::string>{"blue/2.jpg", "red/1.jpg"}));
}

TEST(TrainingRecord, AnotherFolderGetsEveryHeldOutKey) {
  EXPECT_EQ(held_out_keys(two_folders(), "/elsewhere"), (std::set<std::string>{"blue/2.jpg", "grey/3.jpg", "red/1.jpg"}));
}

TEST(TrainingRecord, NoRecordNoKeys) {
  EXPECT_TRUE(held_out_keys(nlohmann::json::object(), "/photos/a").empty());
  EXPECT_TRUE(held_out_keys({{"data", {{{"dir", "/photos/a"}}}}}, "/photos/a").empty());
}

}  // namespace
}  // namespace vec2midi::vision
