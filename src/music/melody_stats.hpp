// Descriptive statistics of melody windows (a dataset, or decoded samples): notes per bar, pitch range,
// interval histogram, share of empty windows and scale consistency, and a distance between two
// interval histograms, so that generated melodies can be compared with training data.
// Usage: MelodyStats s = melody_stats(dataset.events, dataset.n_steps);
//        double d = interval_histogram_distance(s, melody_stats(samples, kWindowSteps));
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "music/constants.hpp"

namespace vec2midi::music {

inline constexpr int kMaxStatsInterval = 12;  ///< intervals are clipped to +-12 semitones (one octave)
inline constexpr int kNumIntervalBins = 2 * kMaxStatsInterval + 1;  ///< bins -12..+12

/// Pitches of the notes, in MIDI numbers.
struct PitchRange {
  int min = 0;        ///< lowest pitch (0 if no notes)
  int max = 0;        ///< highest pitch (0 if no notes)
  double mean = 0.0;  ///< mean pitch
  double std = 0.0;   ///< population standard deviation of the pitch
};

/// Statistics over a set of equally long windows.
struct MelodyStats {
  int64_t n_windows = 0;         ///< windows examined
  int64_t n_empty_windows = 0;   ///< windows without a note
  int64_t n_notes = 0;           ///< note-on events
  int64_t n_intervals = 0;       ///< consecutive note pairs within a window
  double empty_fraction = 0.0;   ///< n_empty_windows / n_windows
  double notes_per_bar = 0.0;    ///< n_notes / (n_windows * bars per window), kStepsPerBar steps a bar
  PitchRange pitch;              ///< over all notes
  std::array<double, kNumIntervalBins> interval_histogram{};  ///< share of intervals by semitones
                                 ///< (index 0 = -12 or lower, kMaxStatsInterval = repeat, 24 = +12 or
                                 ///< higher); sums to 1, or all zero without intervals
  double scale_consistency = 0.0;  ///< mean over non-empty windows of the share of notes in the window's
                                   ///< best-fitting major or (natural or harmonic) minor scale
                                   ///< (Mogren 2016, C-RNN-GAN, "scale consistency")
};

/// The pitches of the note-ons in `events`, in order.
std::vector<int> window_pitches(std::span<const uint8_t> events);

/// Largest share of `pitches` whose pitch class lies in one major or minor scale (12 roots of major,
/// natural minor and harmonic minor); 0 for no pitches.
double scale_consistency(std::span<const int> pitches);

/// Statistics of windows stored back to back in `events`, `n_steps` events each.
MelodyStats melody_stats(std::span<const uint8_t> events, int64_t n_steps);

/// Total-variation distance between the interval histograms of `a` and `b`: half the L1 distance,
/// 0 for equal histograms, 1 for disjoint ones.
double interval_histogram_distance(const MelodyStats& a, const MelodyStats& b);

}  // namespace vec2midi::music
