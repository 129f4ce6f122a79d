// Musical keys (major and natural minor): names, parsing, scales, key signatures and key detection
// from a melody's pitch-class durations (Krumhansl–Kessler profiles).
// Usage: Key k = parse_key("F#m");  bool ok = in_key(61, k);  Key guess = detect_key(melody);
#pragma once

#include <array>
#include <string>

#include "music/melody.hpp"

namespace vec2midi::music {

inline constexpr int kNumPitchClasses = 12;  ///< semitones in an octave
inline constexpr int kScaleSize = 7;         ///< notes in a major or natural minor scale

enum class Mode { kMajor, kMinor };

/// A key: a tonic pitch class and a mode (minor = natural minor, Aeolian).
struct Key {
  int tonic = 0;             ///< pitch class 0 = C, 1 = C#/Db, ..., 11 = B
  Mode mode = Mode::kMajor;  ///< major (Ionian) or natural minor (Aeolian)

  friend bool operator==(const Key&, const Key&) = default;
};

/// The pitch class 0..11 of a MIDI pitch (negative pitches wrap too).
constexpr int pitch_class(int pitch) { return ((pitch % kNumPitchClasses) + kNumPitchClasses) % kNumPitchClasses; }

/// "C major", "F# minor", "Bb major", "Eb minor": the tonic spelled as the usual key signature spells it
/// (at most 6 sharps or flats: Db, Eb, F#, Ab, Bb major; C#, Eb, F#, G#, Bb minor).
std::string key_name(Key key);

/// Parses a key name: a letter A–G (either case), an optional '#' or 'b', then optionally (after an
/// optional space) "m", "min" or "minor" for minor, or "maj" or "major" for major (the default).
/// "C", "c", "Am", "F#m", "Bb major", "A minor" and every key_name() parse.
/// Throws InputError for anything else.
Key parse_key(const std::string& text);

/// The scale's pitch classes from the tonic upwards (major: W W H W W W H; natural minor: W H W W H W W).
std::array<int, kScaleSize> scale_pitch_classes(Key key);

/// True if the MIDI `pitch`'s pitch class is one of the key's scale.
bool in_key(int pitch, Key key);

/// The key signature as MIDI meta event 0x59 stores it: -7..7, sharps positive, flats negative; a minor
/// key has its relative major's signature (A minor 0, Eb minor -6). Follows key_name()'s spelling.
int key_signature_sharps(Key key);

/// The name of a pitch class as `key` spells it: a scale note by its scale degree's letter (F# major's
/// seventh is "E#"), any other note with sharps in sharp keys, flats in flat keys (C# Eb F# Ab Bb in C).
std::string pitch_class_name(int pitch_class, Key key);

/// The key whose Krumhansl–Kessler probe-tone profile (Krumhansl 1990, "Cognitive Foundations of Musical
/// Pitch", table 2.1) correlates best (Pearson) with the melody's duration-weighted pitch-class histogram,
/// over all 24 keys. Ties go to the earlier key in the order C major, C minor, C# major, ..., B minor.
/// A melody without notes (or with every pitch class equally long) gives C major.
Key detect_key(const Melody& melody);

}  // namespace vec2midi::music
