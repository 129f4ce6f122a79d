#include "vision/random.hpp"

#include <cmath>
#include <numbers>

namespace vec2midi::vision {

double uniform01(Rng& rng) { return double(rng() >> 11) * 0x1.0p-53; }

double uniform(Rng& rng, double lo, double hi) { return lo + (hi - lo) * uniform01(rng); }

int64_t uniform_int(Rng& rng, int64_t n) {
  const auto range = uint64_t(n);
  const uint64_t limit = UINT64_MAX - UINT64_MAX % range;  // reject the incomplete last block
  uint64_t x = rng();
  while (x >= limit) x = rng();
  return int64_t(x % range);
}

double normal(Rng& rng) {
  const double u1 = 1.0 - uniform01(rng);  // (0, 1], safe for log
  const double u2 = uniform01(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

bool bernoulli(Rng& rng, double p) { return uniform01(rng) < p; }

}  // namespace vec2midi::vision
