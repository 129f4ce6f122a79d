// The backing band under a harmonised melody: voice-led block chords and a bass line ("chords"), plus a
// General MIDI drum kit with crashes and fills at section starts ("full").
// Usage: auto tracks = accompany(harmonise(melody, key), melody.n_steps, parse_accompaniment("full"), {}, {0, 64});
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compose/harmony.hpp"
#include "music/track.hpp"

namespace vec2midi::compose {

enum class Accompaniment { kNone, kChords, kFull };

/// "none", "chords" or "full" (any case); throws InputError naming the choices otherwise.
Accompaniment parse_accompaniment(const std::string& text);

/// "none", "chords" or "full".
std::string accompaniment_name(Accompaniment accompaniment);

// General MIDI percussion key numbers (GM 1 level 1 percussion key map, channel 10).
inline constexpr int kKickNote = 36;         ///< Bass Drum 1
inline constexpr int kSnareNote = 38;        ///< Acoustic Snare
inline constexpr int kClosedHiHatNote = 42;  ///< Closed Hi-Hat
inline constexpr int kLowTomNote = 45;       ///< Low Tom (last hit of a fill)
inline constexpr int kCrashNote = 49;        ///< Crash Cymbal 1
inline constexpr int kHighTomNote = 50;      ///< High Tom (fill)

/// Instruments, channels, velocities and registers of the accompaniment (the melody is on channel 0,
/// velocity music::kDefaultVelocity, so the band plays softer and mostly below it).
struct AccompanimentOptions {
  int chord_program = 4;     ///< General MIDI program of the chords: 4 = Electric Piano 1
  int bass_program = 33;     ///< General MIDI program of the bass: 33 = Electric Bass (finger)
  int chord_channel = 1;     ///< MIDI channel of the chords (0-based)
  int bass_channel = 2;      ///< MIDI channel of the bass (0-based); drums use music::kDrumChannel
  int chord_velocity = 60;   ///< MIDI velocity of chord notes
  int bass_velocity = 80;    ///< MIDI velocity of bass notes
  int kick_velocity = 84;    ///< MIDI velocity of kick drum hits
  int snare_velocity = 76;   ///< MIDI velocity of snare and tom hits
  int hi_hat_velocity = 60;  ///< MIDI velocity of closed hi-hat hits
  int crash_velocity = 84;   ///< MIDI velocity of crash cymbal hits
  int chord_low = 48;        ///< lowest chord pitch (C3)
  int chord_high = 72;       ///< highest chord pitch (C5)
  int bass_low = 28;         ///< lowest bass pitch (E1, the bass guitar's open E string)
  int bass_high = 52;        ///< highest bass pitch (E3)
};

/// The accompaniment tracks for `chords` (from harmonise) over 0..n_steps:
/// kNone: none. kChords: "chords" (each chord as a block triad in the inversion nearest the previous
/// voicing, struck at its start and again on every beat 1 and 3 it lasts through) and "bass" (the root at
/// each chord start and each bar line it crosses, the chord's fifth on beat 3 of a whole bar).
/// kFull: also "drums" on music::kDrumChannel: kick on beats 1 and 3, snare on 2 and 4, closed hi-hat on
/// every 8th, a crash at step 0 and at each of `section_starts`, and a one-beat fill (snare, snare, high
/// tom, low tom) in the last beat before each section start after 0.
/// Every note lies within 0..n_steps; each track's notes are sorted by (start, pitch).
/// Throws InputError if the chord register holds no voicing of some chord.
std::vector<music::Track> accompany(const std::vector<Chord>& chords, int64_t n_steps, Accompaniment accompaniment,
                                    const AccompanimentOptions& options = {},
                                    const std::vector<int64_t>& section_starts = {});

}  // namespace vec2midi::compose
