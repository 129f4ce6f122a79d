// Decoded phrases → a piece in one key with its accompaniment: the phrases move into the key (the motif's
// own, or the one asked for), are shaped (compose/phrase_shaping.hpp: runs of one repeated 16th held, leaps
// folded, the motif in the corpora's register) and move by octaves next to the motif, a bar left silent by the decoder takes the motif's bar, each section ends on a
// stable note, the whole melody is harmonised (a diatonic chord per half bar) and the accompaniment is
// played from those chords. Pure: no models, the same phrases always give the same piece.
// Usage: Arrangement a = arrange(phrases, section_ends, {.accompaniment = Accompaniment::kFull});
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "compose/accompaniment.hpp"
#include "compose/harmony.hpp"
#include "compose/phrase_shaping.hpp"
#include "music/key.hpp"
#include "music/melody.hpp"
#include "music/track.hpp"

namespace vec2midi::compose {

struct ArrangementOptions {
  std::optional<music::Key> key;                       ///< the piece's key; none = the motif's (phrase 0's) key
  Accompaniment accompaniment = Accompaniment::kNone;  ///< tracks played under the melody
  int melody_program = 0;                              ///< General MIDI program of the melody (0 = piano)
  PhraseShapingOptions shaping{};                      ///< repeated-note runs, leaps and register of the phrases
  HarmonyOptions harmony{};                            ///< how chords are chosen (a chord per half bar)
  AccompanimentOptions accompaniment_options{};        ///< programs, channels, voicing of the accompaniment
};

/// A piece ready to be written.
struct Arrangement {
  music::Key key;                      ///< the key every melody note belongs to
  music::Melody melody;                ///< the whole melody, phrase after phrase
  std::vector<Chord> chords;           ///< the harmony under it, in time order, covering melody.n_steps
  std::vector<music::Track> tracks;    ///< "melody" (channel 0) first, then the accompaniment's tracks
  std::vector<int64_t> phrase_starts;  ///< the step each phrase starts at
  int64_t n_filled_bars = 0;           ///< bars the decoder left silent that took the motif's bar
};

/// The piece of `phrases` (phrase 0 is the motif; section_ends[i]: phrase i ends a section, same size).
/// Throws InputError for no phrases or mismatched sizes.
Arrangement arrange(const std::vector<music::Melody>& phrases, const std::vector<bool>& section_ends,
                    const ArrangementOptions& options);

/// `phrase` with every bar in which no note sounds filled by the same bar of `motif` (or its first sounding
/// bar; a bar-long tonic note in the key's middle octave if the motif is silent too). Counts fills in `n_filled`.
music::Melody fill_silent_bars(const music::Melody& phrase, const music::Melody& motif, music::Key key,
                               int64_t* n_filled = nullptr);

}  // namespace vec2midi::compose
