// One note of a quantized melody, in 16th-note steps (only midi_io knows MIDI ticks).
// Usage: Note n{.pitch = 60, .start_step = 0, .end_step = 4};  // a quarter-note middle C
#pragma once

#include <cstdint>

#include "music/constants.hpp"

namespace vec2midi::music {

struct Note {
  int pitch = 60;                   ///< MIDI note number, kMinPitch..kMaxPitch
  int64_t start_step = 0;           ///< onset, in 16th-note steps from the start of the melody
  int64_t end_step = 1;             ///< release (exclusive), in steps; end_step > start_step
  int velocity = kDefaultVelocity;  ///< MIDI velocity 1..127

  int64_t duration() const { return end_step - start_step; }
  friend bool operator==(const Note&, const Note&) = default;
};

}  // namespace vec2midi::music
