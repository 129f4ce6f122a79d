// Paths between two latent vectors for MusicVAE interpolation: linear, and spherical (slerp,
// Shoemake 1985), which Magenta's MusicVAE.interpolate uses because prior samples lie near a sphere.
// Plain float arrays, no libtorch: `morph` and `serve` walk such paths in the light executable.
// Usage: std::vector<float> path = slerp(z0, z1, 5);   // [5, Z] row-major, first row z0, last row z1
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace vec2midi::vae {

/// n_points (>= 2) evenly spaced points from z0 to z1 inclusive: (1 − t)·z0 + t·z1. z0, z1 [Z] -> [n_points, Z].
/// Throws InputError on a size mismatch, empty vectors or n_points < 2.
std::vector<float> lerp(std::span<const float> z0, std::span<const float> z1, int64_t n_points);
/// n_points (>= 2) points on the great-circle path: sin((1 − t)Ω)/sin Ω · z0 + sin(tΩ)/sin Ω · z1 with
/// cos Ω = ẑ0·ẑ1 (Magenta music_vae _slerp), computed in double. Falls back to lerp when z0 and z1 are
/// (anti)parallel or one is zero. z0, z1 [Z] -> [n_points, Z]. Throws as lerp().
std::vector<float> slerp(std::span<const float> z0, std::span<const float> z1, int64_t n_points);

}  // namespace vec2midi::vae
