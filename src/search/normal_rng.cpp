#include "search/normal_rng.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace vec2midi::search {

namespace {

constexpr int kMantissaBits = 53;                     // bits of a double's significand
constexpr double kTwoToMinus53 = 1.0 / 9007199254740992.0;  // 2^-53

}  // namespace

double uniform_open(std::mt19937_64& gen) {
  const uint64_t top = gen() >> (64 - kMantissaBits);
  return (static_cast<double>(top) + 0.5) * kTwoToMinus53;
}

void fill_standard_normal(std::mt19937_64& gen, std::span<double> out) {
  const size_t n = out.size();
  for (size_t i = 0; i < n; i += 2) {
    const double u1 = uniform_open(gen);
    const double u2 = uniform_open(gen);
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double theta = 2.0 * std::numbers::pi * u2;
    out[i] = r * std::cos(theta);
    if (i + 1 < n) out[i + 1] = r * std::sin(theta);
  }
}

std::vector<double> standard_normal(std::mt19937_64& gen, int64_t n) {
  std::vector<double> out(static_cast<size_t>(std::max<int64_t>(n, 0)));
  fill_standard_normal(gen, out);
  return out;
}

}  // namespace vec2midi::search
