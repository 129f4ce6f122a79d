// The project's random draws, the same on every machine: std::mt19937_64 bits (fixed by the C++ standard)
// through our own uniform, integer, normal and shuffle transforms (std::*_distribution differ between
// standard libraries). Where a generator comes from is random_stream.hpp's business.
// Usage: io::Rng rng = io::stream_generator(seed, io::Stream::augmentation); double x = io::normal(rng);
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <utility>
#include <vector>

namespace vec2midi::io {

/// The one generator type of the project; always passed in explicitly.
using Rng = std::mt19937_64;

/// Uniform double in [0, 1) from the top 53 bits of one draw.
double uniform01(Rng& rng);

/// Uniform double in the open interval (0, 1) from one draw: the top 53 bits x give (x + 0.5) / 2^53.
/// Never 0 (so log() is finite) and never 1.
double uniform_open(Rng& rng);

/// Uniform double in [lo, hi).
double uniform(Rng& rng, double lo, double hi);

/// Uniform integer in [0, n) without modulo bias (n > 0): whole 64-bit draws, the incomplete last block
/// rejected.
int64_t uniform_int(Rng& rng, int64_t n);

/// An index in [0, n) from one uniform_open() draw u: min(n − 1, floor(u·n)). Biased by at most n·2^-53
/// per index; the search's triplet draws, TuRBO and k-means++ use it (n > 0).
int64_t scaled_index(Rng& rng, int64_t n);

/// True with probability p (one uniform01() draw).
bool bernoulli(Rng& rng, double p);

/// The Box–Muller transform (Box & Muller 1958) of two uniforms u1 in (0, 1], u2 in [0, 1):
/// r = sqrt(-2 ln u1), θ = 2π u2, giving the independent N(0, 1) pair (r cos θ, r sin θ).
std::pair<double, double> box_muller(double u1, double u2);

/// One N(0, 1) value a call: box_muller(1 − uniform01, uniform01), the cosine half.
double normal(Rng& rng);

/// Fills `out` with i.i.d. N(0, 1) numbers, both halves of each box_muller(uniform_open, uniform_open) pair
/// in turn. For an odd count the last sine is dropped, so a shorter fill is a prefix of a longer one.
/// The uniforms are bit-identical everywhere; the normals then depend only on the libm's log, cos and
/// sin (glibc's are the same on every x86-64 and aarch64 machine; another libm may differ in the last bit).
void fill_standard_normal(Rng& rng, std::span<double> out);

/// `n` numbers from fill_standard_normal().
std::vector<double> standard_normal(Rng& rng, int64_t n);

/// Fisher–Yates shuffle driven by uniform_int().
template <typename T>
void shuffle(std::vector<T>& items, Rng& rng) {
  for (int64_t i = int64_t(items.size()) - 1; i > 0; --i) std::swap(items[size_t(i)], items[size_t(uniform_int(rng, i + 1))]);
}

}  // namespace vec2midi::io
