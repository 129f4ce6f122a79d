#include "compute/precision.hpp"

#include <string>

#include "io/error.hpp"

namespace vec2midi::compute {

std::string_view precision_name(Precision precision) { return precision == Precision::kBfloat16 ? "bf16" : "f32"; }

Precision parse_precision(std::string_view name) {
  if (name == "f32" || name == "float32") return Precision::kFloat32;
  if (name == "bf16" || name == "bfloat16") return Precision::kBfloat16;
  throw InputError("precision must be f32 or bf16, got '" + std::string(name) + "'");
}

}  // namespace vec2midi::compute
