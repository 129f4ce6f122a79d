// One instrument's part of a piece: a named MIDI track with its General MIDI program and channel. Unlike a
// Melody, a track may sound several notes at once (chords, drums).
// Usage: Track bass{.name = "bass", .program = 33, .channel = 1, .notes = {{.pitch = 36, .start_step = 0, .end_step = 8}}};
#pragma once

#include <string>
#include <vector>

#include "music/constants.hpp"
#include "music/note.hpp"

namespace vec2midi::music {

struct Track {
  std::string name;         ///< what it plays ("melody", "chords", "bass", "drums"); the MIDI track name
  int program = 0;          ///< General MIDI program 0..127 (ignored on the drum channel)
  int channel = 0;          ///< MIDI channel 0..15; kDrumChannel (channel 10) for General MIDI drums
  std::vector<Note> notes;  ///< sorted by start step (then pitch); notes may overlap

  bool is_drum() const { return channel == kDrumChannel; }
  friend bool operator==(const Track&, const Track&) = default;
};

}  // namespace vec2midi::music
