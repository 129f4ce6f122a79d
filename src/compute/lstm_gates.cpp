#include "compute/lstm_gates.hpp"

#include "compute/lstm_gates_detail.hpp"

namespace vec2midi::compute {
namespace {

enum class Isa { kScalar, kAvx2, kAvx512 };

Isa cpu_isa() {
#if defined(__x86_64__)
  static const Isa isa = __builtin_cpu_supports("avx512f")                                    ? Isa::kAvx512
                         : __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? Isa::kAvx2
                                                                                           : Isa::kScalar;
  return isa;
#else
  return Isa::kScalar;
#endif
}

}  // namespace

uint16_t to_bf16(float x) {
  const uint32_t bits = std::bit_cast<uint32_t>(x);
  if (std::isnan(x)) return static_cast<uint16_t>((bits >> 16) | 0x40);  // stays a quiet NaN
  return static_cast<uint16_t>((bits + 0x7fff + ((bits >> 16) & 1)) >> 16);
}

void lstm_gate_rows(int64_t begin, int64_t end, int64_t hidden, const GateRows& rows) {
  switch (cpu_isa()) {
    case Isa::kAvx512: detail::lstm_gate_rows_avx512(begin, end, hidden, rows); return;
    case Isa::kAvx2: detail::lstm_gate_rows_avx2(begin, end, hidden, rows); return;
    case Isa::kScalar: break;
  }
  for (int64_t r = begin; r < end; ++r) detail::gates_scalar(0, hidden, detail::row_of(rows, r, hidden));
}

std::string_view lstm_gates_isa() {
  switch (cpu_isa()) {
    case Isa::kAvx512: return "avx512";
    case Isa::kAvx2: return "avx2";
    case Isa::kScalar: break;
  }
  return "scalar";
}

}  // namespace vec2midi::compute
