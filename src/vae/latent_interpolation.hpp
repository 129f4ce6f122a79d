// Paths between two latent vectors for MusicVAE interpolation: linear, and spherical (slerp,
// Shoemake 1985), which Magenta's MusicVAE.interpolate uses because prior samples lie near a sphere.
// Usage: at::Tensor path = slerp(z0, z1, 5);   // [5, Z], first row z0, last row z1
#pragma once

#include <cstdint>

#include <ATen/core/Tensor.h>

namespace vec2midi::vae {

/// n_points (>= 2) evenly spaced points from z0 to z1 inclusive: (1 − t)·z0 + t·z1. z0, z1 [Z] -> [n_points, Z].
at::Tensor lerp(const at::Tensor& z0, const at::Tensor& z1, int64_t n_points);

/// n_points (>= 2) points on the great-circle path: sin((1 − t)Ω)/sin Ω · z0 + sin(tΩ)/sin Ω · z1 with
/// cos Ω = ẑ0·ẑ1 (Magenta music_vae _slerp). Falls back to lerp when z0 and z1 are (anti)parallel.
/// z0, z1 [Z] -> [n_points, Z]. Throws InputError on shape mismatch or n_points < 2.
at::Tensor slerp(const at::Tensor& z0, const at::Tensor& z1, int64_t n_points);

}  // namespace vec2midi::vae
