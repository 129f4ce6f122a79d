// Naming a colour from an embedding without libtorch: the squared L2 distance of one embedding to each of the
// nine colour centres, and the nearest (MISSION.md §1: a picture's colour is its nearest centre).
// Usage: CentreDistances d = centre_distances(e /*[E]*/, centres /*[9, E] row-major*/); kClassNames[d.nearest];
//        std::vector<int> c = nearest_centres(points /*[N, E]*/, centres /*[C, E]*/, E);
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "vision/colour_class.hpp"

namespace vec2midi::vision {

struct CentreDistances {
  std::array<float, kNumClasses> squared{};  ///< squared L2 distance to each centre, in class order
  int nearest = 0;                           ///< the class of the smallest distance (the first on ties, as argmin)
};

/// `embedding` [E] against `centres` [9, E] row-major. Throws InputError unless centres has 9·E values.
CentreDistances centre_distances(std::span<const float> embedding, std::span<const float> centres);

/// The nearest of the C centres [C, dim] (the first on ties) for each of the N points [N, dim], both row-major.
/// Works for any C >= 1 (e.g. the classical baseline's centroids, where an empty class is +inf). Throws InputError
/// unless both hold whole rows of `dim` values.
std::vector<int> nearest_centres(std::span<const float> points, std::span<const float> centres, int64_t dim);

}  // namespace vec2midi::vision
