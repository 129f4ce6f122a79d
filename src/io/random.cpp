#include "io/random.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace vec2midi::io {

namespace {

constexpr int kMantissaBits = 53;                 // bits of a double's significand
constexpr double kTwoToMinus53 = 0x1.0p-53;       // one unit in the last place of [0, 1)

}  // namespace

double uniform01(Rng& rng) { return double(rng() >> (64 - kMantissaBits)) * kTwoToMinus53; }

double uniform_open(Rng& rng) { return (double(rng() >> (64 - kMantissaBits)) + 0.5) * kTwoToMinus53; }

double uniform(Rng& rng, double lo, double hi) { return lo + (hi - lo) * uniform01(rng); }

int64_t uniform_int(Rng& rng, int64_t n) {
  const auto range = uint64_t(n);
  const uint64_t limit = UINT64_MAX - UINT64_MAX % range;  // reject the incomplete last block
  uint64_t x = rng();
  while (x >= limit) x = rng();
  return int64_t(x % range);
}

int64_t scaled_index(Rng& rng, int64_t n) {
  return std::min<int64_t>(n - 1, static_cast<int64_t>(uniform_open(rng) * static_cast<double>(n)));
}

bool bernoulli(Rng& rng, double p) { return uniform01(rng) < p; }

std::pair<double, double> box_muller(double u1, double u2) {
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double theta = 2.0 * std::numbers::pi * u2;
  return {r * std::cos(theta), r * std::sin(theta)};
}

double normal(Rng& rng) {
  const double u1 = 1.0 - uniform01(rng);  // (0, 1], safe for log
  const double u2 = uniform01(rng);
  return box_muller(u1, u2).first;
}

void fill_standard_normal(Rng& rng, std::span<double> out) {
  const size_t n = out.size();
  for (size_t i = 0; i < n; i += 2) {
    const double u1 = uniform_open(rng);
    const double u2 = uniform_open(rng);
    const auto [c, s] = box_muller(u1, u2);
    out[i] = c;
    if (i + 1 < n) out[i + 1] = s;
  }
}

std::vector<double> standard_normal(Rng& rng, int64_t n) {
  std::vector<double> out(size_t(std::max<int64_t>(n, 0)));
  fill_standard_normal(rng, out);
  return out;
}

}  // namespace vec2midi::io
