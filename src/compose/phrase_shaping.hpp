// Decoded phrases made playable, without changing their key or rhythm's outline: a run of the same
// 16th note struck again and again (a "machine-gun" run the decoder sometimes gives) becomes one held
// note, a note that leaps more than an octave from the phrase's middle moves by octaves towards it, and
// a melody moves by octaves into the register of the training corpora (docs/BENCHMARKS.md: their mean
// pitch lies between 68.6 and 72.9). Pure functions; pitch classes never change.
// Usage: Melody m = fold_register_outliers(tie_repeated_notes(phrase));  m = shift_octaves(m, centre_octaves(m));
#pragma once

#include <cstdint>

#include "music/melody.hpp"

namespace vec2midi::compose {

struct PhraseShapingOptions {
  int64_t min_tied_run = 3;      ///< runs of at least this many repeated short notes become one note
  int64_t max_tied_length = 1;   ///< the longest note (steps) such a run is made of: 16ths
  int max_leap_from_median = 12;  ///< semitones a note may lie from the phrase's median pitch
  double register_low = 64.0;    ///< a melody's mean pitch is moved by octaves to lie in [low, high]
  double register_high = 76.0;   ///< (E4..E5: around the corpora's mean of about 71, ± half an octave)
};

/// Each run of >= options.min_tied_run notes of one pitch, each at most options.max_tied_length steps long
/// and each starting where the previous ends, as one note from the run's start to its end.
music::Melody tie_repeated_notes(const music::Melody& melody, const PhraseShapingOptions& options = {});

/// Each note more than options.max_leap_from_median semitones from the melody's median pitch moved by
/// octaves until it is not (pitch classes kept, pitches stay in kMinPitch..kMaxPitch).
music::Melody fold_register_outliers(const music::Melody& melody, const PhraseShapingOptions& options = {});

/// The octaves (..., -1, 0, 1, ...) that move the melody's mean pitch into [register_low, register_high], or
/// as near as the pitch range allows; 0 for a melody without notes.
int centre_octaves(const music::Melody& melody, const PhraseShapingOptions& options = {});

/// The melody moved by `octaves` octaves (notes leaving kMinPitch..kMaxPitch are folded back by octaves).
music::Melody shift_octaves(const music::Melody& melody, int octaves);

}  // namespace vec2midi::compose
