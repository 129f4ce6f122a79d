#include "eval/interval.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "io/error.hpp"

namespace vec2midi::eval {

Interval wilson_interval(int64_t successes, int64_t n, double z) {
  if (n < 0 || successes < 0 || successes > n) {
    throw InputError("Wilson interval: " + std::to_string(successes) + " successes of " + std::to_string(n));
  }
  if (n == 0) return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  const double k = double(successes), m = double(n), z2 = z * z;
  const double centre = (k + z2 / 2.0) / (m + z2);
  const double half = z * std::sqrt(k * (m - k) / m + z2 / 4.0) / (m + z2);
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

}  // namespace vec2midi::eval
