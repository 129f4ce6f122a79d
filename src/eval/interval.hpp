// A two-sided interval, and the Wilson score interval of a proportion (Wilson 1927): unlike the normal
// approximation it keeps its coverage on small samples and for proportions near 0 or 1 (55 of 58 right).
// Usage: eval::Interval ci = eval::wilson_interval(55, 58);  // about [0.859, 0.982]
#pragma once

#include <cstdint>

namespace vec2midi::eval {

/// A two-sided interval.
struct Interval {
  double low = 0.0;
  double high = 0.0;
};

/// The standard normal's 97.5 % quantile: z of a two-sided 95 % interval.
inline constexpr double kZ95 = 1.959963984540054;

/// Wilson score interval of `successes` out of `n`: centre (k + z²/2) / (n + z²), half-width
/// z·sqrt(k(n-k)/n + z²/4) / (n + z²). Both ends NaN when n is 0. Throws InputError unless 0 <= k <= n.
Interval wilson_interval(int64_t successes, int64_t n, double z = kZ95);

}  // namespace vec2midi::eval
