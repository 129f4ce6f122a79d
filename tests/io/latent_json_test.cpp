#include "io/latent_json.hpp"

#include <gtest/gtest.h>

#include "io/atomic_file.hpp"
#include "support/input_error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::io {
namespace {

using testing::input_error_of;

bool mentions(const std::string& message, const std::string& part) { return message.find(part) != std::string::npos; }

TEST(LatentJson, ReadsItemsRowByRow) {
  const auto z = parse_latent_json(R"({"items": [{"z": [1, 2.5]}, {"z": [-3, 0], "notes": []}]})", 2, "z.json");
  EXPECT_EQ(z, (std::vector<float>{1.0f, 2.5f, -3.0f, 0.0f}));
}

TEST(LatentJson, ReadsTheGoldenFile) {
  const std::string text = read_file(testing::shared_path("golden/magenta_mel_2bar_small_argmax.json"));
  const auto z = parse_latent_json(text, 256, "golden");
  EXPECT_EQ(z.size(), 64u * 256u);  // ../shared/README.md: 64 z vectors, 256-d
}

TEST(LatentJson, NamesTheItemOfTheWrongLength) {
  const std::string m = input_error_of([] { parse_latent_json(R"({"items": [{"z": [1, 2]}, {"z": [1]}]})", 2, "z.json"); });
  EXPECT_TRUE(mentions(m, "z.json: items[1].z has 1 values")) << m;
}

TEST(LatentJson, RefusesNonNumbersAndValuesBeyondFloat) {
  EXPECT_TRUE(mentions(input_error_of([] { parse_latent_json(R"({"items": [{"z": ["a"]}]})", 1, "f"); }), "non-number"));
  EXPECT_TRUE(mentions(input_error_of([] { parse_latent_json(R"({"items": [{"z": [1e300]}]})", 1, "f"); }), "float range"));
}

TEST(LatentJson, RefusesTextThatIsNotTheLayout) {
  EXPECT_TRUE(mentions(input_error_of([] { parse_latent_json("{", 1, "f"); }), "not valid JSON"));
  EXPECT_TRUE(mentions(input_error_of([] { parse_latent_json(R"({"items": []})", 1, "f"); }), "at least one item"));
  EXPECT_TRUE(mentions(input_error_of([] { parse_latent_json(R"([1, 2])", 1, "f"); }), "expected"));
  EXPECT_TRUE(mentions(input_error_of([] { parse_latent_json(R"({"items": [3]})", 1, "f"); }), "items[0].z is missing"));
}

}  // namespace
}  // namespace vec2midi::io
