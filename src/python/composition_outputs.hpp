// What `vec2midi compose` writes for a composition, made in memory: the MIDI file's bytes, the audio samples and
// the piano roll's PNG bytes, for a single phrase (one melody track) and for a piece (every track), so that the
// Python Composition gives the CLI's files byte for byte without writing them.
// Usage: std::string midi = composition_midi(c, {.qpm = 100, .program = 73});
#pragma once

#include <string>
#include <vector>

#include "app/composition.hpp"
#include "app/composition_files.hpp"
#include "compose/arrangement.hpp"

namespace vec2midi::python {

/// The piece of `c` with its melody track (the first) played by `program`. Throws InputError if `c` is no piece.
compose::Arrangement piece_with_program(const app::Composition& c, int program);

/// The MIDI file write_composition_files writes (a piece: type 1 with every track, the key signature and the
/// melody track's program replaced by output.program; a phrase: type 0 with output.program), as bytes.
/// Throws InputError for a tempo or program out of range.
std::string composition_midi(const app::Composition& c, const app::OutputOptions& output);

/// Interleaved stereo float samples at `sample_rate` (8000..96000 Hz) of what the WAV file holds: every track
/// mixed for a piece, the melody played by output.program otherwise.
std::vector<float> composition_samples(const app::Composition& c, const app::OutputOptions& output, int sample_rate);

/// The piano roll PNG write_composition_files writes, `width` x `height` pixels (0: the CLI's size, 1024 x 384
/// for a phrase, 1024 x 512 for a piece), the melody in the colour's display colour (a piece's other tracks in
/// render::default_track_colour's). Throws InputError unless each side is 64..8192 (or 0).
std::string composition_piano_roll_png(const app::Composition& c, int width, int height);

}  // namespace vec2midi::python
