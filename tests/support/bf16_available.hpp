// Whether this CPU runs oneDNN's bf16 matmul (AVX-512 machines do; an AVX2-only CPU such as an AMD EPYC without
// AVX-512 does not, and oneDNN 2.6 then cannot create the primitive). Tests of the bf16 path skip without it.
// Usage: if (!testing::bf16_matmul_available()) GTEST_SKIP() << "no bf16 matmul on this CPU";
#pragma once

#include <cstdint>
#include <vector>

#include "compute/packed_matmul.hpp"
#include "io/error.hpp"

namespace vec2midi::testing {

inline bool bf16_matmul_available() {
  try {
    const compute::PackedMatmul mm(std::vector<float>(4, 1.0f), 2, 2, compute::Precision::kBfloat16);
    const std::vector<uint16_t> x(2, 0x3f80);  // 1.0 in bf16
    std::vector<float> y(2);
    mm.run(1, x.data(), 2, y.data(), 2);
    return true;
  } catch (const InputError&) {  // PackedMatmul's "this CPU has no bf16 matrix multiply"
    return false;
  }
}

}  // namespace vec2midi::testing
