// Harmonising a melody: one diatonic triad of the key per half bar, chosen by dynamic programming (Viterbi)
// so that the chords hold the melody's strong-beat notes and move smoothly, ending on the tonic.
// Usage: std::vector<Chord> chords = harmonise(melody, key);  chord_name(chords[0], key);  // "Am"
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "music/key.hpp"
#include "music/melody.hpp"

namespace vec2midi::compose {

enum class ChordQuality { kMajor, kMinor, kDiminished };

/// A triad sounding from start_step to end_step (exclusive), in 16th-note steps.
struct Chord {
  int root = 0;                                ///< pitch class 0..11 of the root
  ChordQuality quality = ChordQuality::kMajor;  ///< major (4+3), minor (3+4) or diminished (3+3 semitones)
  int64_t start_step = 0;                      ///< first step it sounds
  int64_t end_step = 0;                        ///< step it stops (exclusive)

  friend bool operator==(const Chord&, const Chord&) = default;
};

/// How harmonise() scores a chord for a segment of the melody. The strong-beat terms dominate the rest, so
/// that the chord almost always holds the note struck on beat 1 or 3.
struct HarmonyOptions {
  int64_t steps_per_chord = 8;              ///< segment length in steps: half a 4/4 bar (beats 1 and 3)
  double chord_tone_weight = 1.0;           ///< score per step a chord tone of the melody sounds in the segment
  double strong_chord_tone_bonus = 6.0;     ///< per melody note struck on a strong beat that is a chord tone
  double strong_non_chord_tone_cost = 6.0;  ///< per melody note struck on a strong beat that is not a chord tone
  /// Prior per scale degree I..vii° of a major key: I, IV, V, vi are the common chords, vii° is rare alone.
  std::array<double, 7> major_degree_prior = {1.0, 0.0, 0.0, 0.6, 0.6, 0.4, -1.0};
  /// Prior per scale degree i..VII of a natural minor key: i, iv, v, VI, III common, ii° rare.
  std::array<double, 7> minor_degree_prior = {1.0, -1.0, 0.3, 0.6, 0.6, 0.4, 0.0};
  double change_cost = 0.5;             ///< cost of any chord change (keeps the progression smooth)
  double bar_start_change_bonus = 0.75;  ///< bonus for a change on a bar start (one chord a bar is usual)
  double mid_bar_change_cost = 1.5;     ///< extra cost of a change in the middle of a bar
  double first_tonic_bonus = 1.0;       ///< bonus for starting on the tonic chord
  double final_tonic_bonus = 4.0;       ///< bonus for ending on the tonic chord (a cadence)
};

/// The root, third and fifth pitch classes of the chord.
std::array<int, 3> chord_pitch_classes(const Chord& chord);

/// "C", "Am", "Bdim": the root spelled as `key` spells it (music::pitch_class_name), then "", "m" or "dim".
std::string chord_name(const Chord& chord, music::Key key = {});

/// The seven triads built on the key's scale degrees I..vii (natural minor: i..VII), steps left at 0.
std::array<Chord, 7> diatonic_triads(music::Key key);

/// True for steps on beat 1 or 3 of a 4/4 bar (step % 16 is 0 or 8).
bool on_strong_beat(int64_t step);

/// One diatonic triad per segment of options.steps_per_chord steps over 0..melody.n_steps (the last segment
/// may be shorter), the sequence that maximises the summed segment scores (chord tones sounding, strong-beat
/// chord and non-chord tones, degree prior, first and last segment tonic) minus change costs (Viterbi).
/// Neighbouring segments with the same chord are merged into one Chord, so a chord may last several bars;
/// the chords are in time order and cover 0..n_steps exactly. Empty for n_steps <= 0.
/// Throws InputError if options.steps_per_chord <= 0.
std::vector<Chord> harmonise(const music::Melody& melody, music::Key key, const HarmonyOptions& options = {});

/// The share of melody notes struck on a strong beat whose pitch class belongs to the chord sounding at
/// that onset (a note with no chord sounding counts as outside); 1.0 if no note is struck on a strong beat.
double strong_beat_chord_tone_share(const music::Melody& melody, const std::vector<Chord>& chords);

}  // namespace vec2midi::compose
