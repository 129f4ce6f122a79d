// Pitch helpers the key fitting, phrase shaping and arrangement share: folding a pitch by octaves into the
// melody range, and a melody's mean pitch.
// Usage: int p = fold_into_pitch_range(note.pitch + shift);  double m = mean_pitch(melody);
#pragma once

#include "music/melody.hpp"

namespace vec2midi::compose {

/// `pitch` moved by octaves into music::kMinPitch..music::kMaxPitch.
int fold_into_pitch_range(int pitch);

/// The mean MIDI pitch of the melody's notes; 0 for a melody without notes.
double mean_pitch(const music::Melody& melody);

}  // namespace vec2midi::compose
