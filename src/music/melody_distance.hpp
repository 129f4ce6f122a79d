// The original bayesVec2Midi melody distance (MISSION.md §4; `justify` in its music_learning.py):
// features of a melody are computed once, then compared pairwise; a batched form serves the search.
// Usage: auto fx = melody_features(x), fy = melody_features(y);
//        double d = melody_distance(fx, fy, /*positive=*/true, /*penalty_enabled=*/true);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "music/melody.hpp"

namespace vec2midi::music {

// The constants of the original measure (MISSION.md §4); they define it, so they are not options.
inline constexpr double kFirstPitchScale = 80.0;        ///< first = p_1 / 80
inline constexpr double kMaxPitchStep = 15.0;           ///< pitch steps clipped to [-15, 15] semitones
inline constexpr double kPitchScale = 2.6;              ///< |P_x - P_y| / 2.6 (semitones)
inline constexpr double kTimeScale = 4.0;               ///< ln(1 + |T_x - T_y| / 4) (16th-note steps)
inline constexpr double kFirstNoteWeight = 4.0;         ///< 4 * |first_x - first_y|
inline constexpr double kLengthPenalty = 5.0;           ///< +5 (positive) / -5 (negative) penalty
inline constexpr int64_t kMinUnpenalisedLineLength = 3;  ///< no penalty when 3 <= max(L_x, L_y) <= 7
inline constexpr int64_t kMaxUnpenalisedLineLength = 7;  ///< (lines hold 2 values per note)
inline constexpr double kEmptyMelodyDistance = 100.0;   ///< +100 / -100 when a melody has no notes

/// What the distance sees of a melody with notes (p_i, d_i), i = 1..n, in time order (MISSION.md §4).
struct MelodyFeatures {
  double first = 0.0;               ///< p_1 / kFirstPitchScale (0 for an empty melody)
  std::vector<double> pitch_line;   ///< P: cumsum(clip([0, p_2-p_1, ...], ±15)), each value twice; 2n semitones
  std::vector<double> time_line;    ///< T: [0, c_1, c_1, ..., c_{n-1}, c_{n-1}, c_n], c = cumsum(d); 2n steps

  /// True for a melody without notes (it has no features; every distance to it is ±100).
  bool empty() const { return pitch_line.empty(); }
  /// L = 2 * number of notes.
  int64_t line_length() const { return static_cast<int64_t>(pitch_line.size()); }
};

/// The features of `melody` (notes in time order; gaps between notes are ignored).
MelodyFeatures melody_features(const Melody& melody);

/// The distance with its parts: total = pitch_term + time_term + first_note_term + penalty, except for an
/// empty melody, where total = ±100 and the other parts are 0.
struct MelodyDistanceParts {
  double pitch_term = 0.0;       ///< mean_k( |P_x - P_y|_k / 2.6 / w_k ) / Σ_j 1/w_j
  double time_term = 0.0;        ///< mean_k( ln(1 + |T_x - T_y|_k / 4) / w_k ) / Σ_j 1/w_j
  double first_note_term = 0.0;  ///< 4 * |first_x - first_y|
  double penalty = 0.0;          ///< ±5 when penalised (max(L_x, L_y) outside 3..7), else 0
  bool empty = false;            ///< either melody had no notes
  double total = 0.0;            ///< the distance
};

/// The original's distance between melodies x and y (MISSION.md §4), split into its parts.
/// `positive`: y is the positive of a triplet (+100 / +5) rather than the negative (-100 / -5).
/// `penalty_enabled`: add the line-length penalty (the search uses it; the ROC evaluation does not).
/// The shorter line is tiled to the longer one, its time continuing; w_k = log2(k + 1), each twice.
MelodyDistanceParts melody_distance_parts(const MelodyFeatures& x, const MelodyFeatures& y, bool positive,
                                          bool penalty_enabled);

/// The original's distance between melodies x and y; equals melody_distance_parts(...).total.
double melody_distance(const MelodyFeatures& x, const MelodyFeatures& y, bool positive, bool penalty_enabled);

/// Two melodies to compare, by reference to features held elsewhere (both must outlive the call).
struct MelodyFeaturePair {
  const MelodyFeatures* x = nullptr;  ///< first melody (the anchor in a triplet)
  const MelodyFeatures* y = nullptr;  ///< second melody (the positive or the negative)
};

/// melody_distance() of every pair, written to `out` (same size as `pairs`); allocates nothing.
void melody_distances(std::span<const MelodyFeaturePair> pairs, bool positive, bool penalty_enabled,
                      std::span<double> out);

/// melody_distance() of every pair, as a new vector.
std::vector<double> melody_distances(std::span<const MelodyFeaturePair> pairs, bool positive,
                                     bool penalty_enabled);

}  // namespace vec2midi::music
