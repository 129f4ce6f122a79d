// The arithmetic of the inference GEMMs: float32 (the default, exact against the golden decodes) or bfloat16
// inputs with float32 accumulation (AVX512_BF16 where the CPU has it; oneDNN emulates it otherwise).
// Usage: Precision p = parse_precision("bf16");  std::string_view s = precision_name(p);
#pragma once

#include <string_view>

namespace vec2midi::compute {

enum class Precision { kFloat32, kBfloat16 };

/// "f32" or "bf16".
std::string_view precision_name(Precision precision);

/// Parses "f32"/"float32" or "bf16"/"bfloat16"; throws InputError naming the accepted values otherwise.
Precision parse_precision(std::string_view name);

}  // namespace vec2midi::compute
