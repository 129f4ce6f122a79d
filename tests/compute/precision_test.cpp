#include "compute/precision.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace vec2midi::compute {
namespace {

TEST(Precision, ParsesBothSpellingsAndNamesBack) {
  EXPECT_EQ(parse_precision("f32"), Precision::kFloat32);
  EXPECT_EQ(parse_precision("float32"), Precision::kFloat32);
  EXPECT_EQ(parse_precision("bf16"), Precision::kBfloat16);
  EXPECT_EQ(parse_precision("bfloat16"), Precision::kBfloat16);
  EXPECT_EQ(precision_name(parse_precision(precision_name(Precision::kBfloat16))), "bf16");
}

TEST(Precision, RefusesOtherNames) {
  try {
    parse_precision("fp16");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("fp16"), std::string::npos);
  }
}

}  // namespace
}  // namespace vec2midi::compute
