// Melodies one after the other, as one piece (morph's and interpolate's phrases, a piece's sections).
// Usage: Melody piece = concatenate({phrase_a, phrase_b});   // b starts at phrase_a.n_steps
#pragma once

#include <vector>

#include "music/melody.hpp"

namespace vec2midi::music {

/// The melodies one after the other: each part starts where the previous one's n_steps end.
inline Melody concatenate(const std::vector<Melody>& parts) {
  Melody piece;
  for (const Melody& part : parts) {
    for (Note note : part.notes) {
      note.start_step += piece.n_steps;
      note.end_step += piece.n_steps;
      piece.notes.push_back(note);
    }
    piece.n_steps += part.n_steps;
  }
  return piece;
}

}  // namespace vec2midi::music
