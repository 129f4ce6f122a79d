// Seeded random numbers for the vision code whose output the C++ standard fixes on every
// machine: std::mt19937_64 bits with our own uniform, integer and normal transforms
// (std::*_distribution differ between standard libraries). Usage: Rng rng(seed); uniform(rng, 0, 1);
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace vec2midi::vision {

/// The generator used everywhere in vision; always passed in explicitly.
using Rng = std::mt19937_64;

/// Uniform double in [0, 1) from the top 53 bits of one draw.
double uniform01(Rng& rng);

/// Uniform double in [lo, hi).
double uniform(Rng& rng, double lo, double hi);

/// Uniform integer in [0, n) without modulo bias (n > 0).
int64_t uniform_int(Rng& rng, int64_t n);

/// Standard normal by the Box-Muller transform (one value per call).
double normal(Rng& rng);

/// True with probability p.
bool bernoulli(Rng& rng, double p);

/// Fisher-Yates shuffle driven by uniform_int().
template <typename T>
void shuffle(std::vector<T>& items, Rng& rng) {
  for (int64_t i = int64_t(items.size()) - 1; i > 0; --i) std::swap(items[size_t(i)], items[size_t(uniform_int(rng, i + 1))]);
}

}  // namespace vec2midi::vision
