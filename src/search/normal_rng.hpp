// Standard-normal numbers that every machine draws alike from a seed: std::mt19937_64 (its output is
// fixed by the C++ standard) with our own Box–Muller transform (std::normal_distribution is not fixed).
// Usage: std::mt19937_64 gen(seed); std::vector<double> g(n); fill_standard_normal(gen, g);
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <vector>

namespace vec2midi::search {

/// A uniform number in the open interval (0, 1) from one draw: the top 53 bits x give (x + 0.5) / 2^53.
/// Never 0 (so log() is finite) and never 1.
double uniform_open(std::mt19937_64& gen);

/// Fills `out` with i.i.d. N(0, 1) numbers by Box–Muller (Box & Muller 1958): each pair of uniforms
/// (u1, u2) = (uniform_open, uniform_open) gives r·cos(2π u2) then r·sin(2π u2), r = sqrt(-2 ln u1).
/// For an odd count the last sine is dropped, so a shorter fill is a prefix of a longer one.
/// The uniforms are bit-identical everywhere; the normals then depend only on the libm's log, cos and
/// sin (glibc's are the same on every x86-64 and aarch64 machine; another libm may differ in the last bit).
void fill_standard_normal(std::mt19937_64& gen, std::span<double> out);

/// `n` numbers from fill_standard_normal().
std::vector<double> standard_normal(std::mt19937_64& gen, int64_t n);

}  // namespace vec2midi::search
