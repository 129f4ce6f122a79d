// A monophonic melody on the 16th-note grid (4 steps per quarter, 16 per 4/4 bar).
// Usage: Melody m{.notes = {{60, 0, 4}, {64, 4, 8}}, .n_steps = 32};
#pragma once

#include <cstdint>
#include <vector>

#include "music/note.hpp"

namespace vec2midi::music {

struct Melody {
  std::vector<Note> notes;  ///< in time order, not overlapping
  int64_t n_steps = 0;      ///< length of the melody in steps (notes end at or before it)

  friend bool operator==(const Melody&, const Melody&) = default;
};

}  // namespace vec2midi::music
