// The 16-bit floating-point formats of model files, converted to and from float by hand: IEEE 754 binary16
// (F16) and bfloat16 (BF16). Debian 12's toolchain has no portable half type (std::float16_t is C++23) and
// libtorch is not a dependency of io/.
// Usage: uint16_t h = float_to_half(0.1f); float f = half_to_float(h);
#pragma once

#include <cstdint>

namespace vec2midi::io {

/// binary16 → float, exactly (subnormals, infinities and NaN payloads kept).
float half_to_float(uint16_t h);
/// float → binary16, rounded to nearest even; overflow gives infinity, NaN a quiet NaN.
uint16_t float_to_half(float f);
/// float → bfloat16, rounded to nearest even; NaN stays a (quiet) NaN.
uint16_t float_to_bf16(float f);
/// bfloat16 → float, exactly.
float bf16_to_float(uint16_t b);

}  // namespace vec2midi::io
