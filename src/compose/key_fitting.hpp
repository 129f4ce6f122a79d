// Bringing a melody into a chosen key: transpose it by the interval that best maps it onto the key's
// scale, then move the notes still outside the scale to the nearest scale pitch.
// Usage: music::Melody m = fit_to_key(decoded, music::parse_key("D minor"));  double s = in_key_share(m, key);
#pragma once

#include <optional>
#include <span>

#include "music/key.hpp"
#include "music/melody.hpp"

namespace vec2midi::compose {

inline constexpr int kMinKeyShift = -6;  ///< fit_to_key transposes by -6..+5 semitones (a tritone down at most)
inline constexpr int kMaxKeyShift = 5;   ///< (a fourth up at most)

/// The pitch nearest to `pitch` whose pitch class is one of `pitch_classes` (non-empty, 0..11). At equal
/// distance it moves toward `toward` (the previous note's pitch) when given and different, else down.
/// The result is folded by octaves into music::kMinPitch..music::kMaxPitch.
int snap_to_pitch_classes(int pitch, std::span<const int> pitch_classes, std::optional<int> toward = std::nullopt);

/// The transposition (kMinKeyShift..kMaxKeyShift semitones) that fit_to_key applies: the one that puts
/// the largest share of notes in `key`'s scale; among equals, one that maps the melody's detected key
/// (music::detect_key) onto the same scale as `key` (A minor onto C major: 0), then the smallest |shift|,
/// then the downward one. 0 for a melody without notes.
int key_shift(const music::Melody& melody, music::Key key);

/// The melody transposed by key_shift(), then every note outside `key`'s scale moved to the nearest
/// scale pitch (at equal distance toward the previous note's new pitch, else down), every pitch kept in
/// music::kMinPitch..music::kMaxPitch by octaves. Timing, velocities and n_steps are unchanged.
music::Melody fit_to_key(const music::Melody& melody, music::Key key);

/// The share of the melody's notes whose pitch is in `key`'s scale; 1.0 for a melody without notes.
double in_key_share(const music::Melody& melody, music::Key key);

}  // namespace vec2midi::compose
