// Cadences for phrases: the last note of a phrase moves to a stable pitch (the tonic for the piece's last
// phrase; the tonic or dominant triad, a half cadence, for the others) and is held to a beat boundary.
// Usage: music::Melody a = end_on_stable_note(phrase, key, /*final_phrase=*/false);
#pragma once

#include "music/key.hpp"
#include "music/melody.hpp"

namespace vec2midi::compose {

/// The phrase with its last note moved to the nearest allowed pitch: final phrase, the tonic (nearest
/// octave); otherwise a note of the tonic or dominant triad. At equal distance it moves toward the
/// previous note, else down; pitches stay in music::kMinPitch..music::kMaxPitch. If the last note ends
/// off a beat it is extended to the next beat boundary (music::kStepsPerQuarter), never past n_steps.
/// Every other note is unchanged; a phrase without notes is returned unchanged.
music::Melody end_on_stable_note(const music::Melody& phrase, music::Key key, bool final_phrase);

}  // namespace vec2midi::compose
