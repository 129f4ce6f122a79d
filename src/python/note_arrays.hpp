// Melodies as numpy structured arrays of notes (pitch, start, end; times in 16th-note steps), the form every
// function of the Python module takes and gives, and a piece's tracks with each note's velocity. Checked on
// the way in: a bad note is one InputError line.
// Usage: pybind11::array notes = note_array(melody);  music::Melody m = array_melody(notes, 32);
#pragma once

#include <cstdint>

#include <pybind11/numpy.h>

#include "music/melody.hpp"
#include "music/track.hpp"

namespace vec2midi::python {

/// One row of a note array: numpy dtype [("pitch", "<i4"), ("start", "<i4"), ("end", "<i4")].
struct NoteRecord {
  int32_t pitch;
  int32_t start;
  int32_t end;
};

/// One row of a track's note array: numpy dtype [("pitch", "<i4"), ("start", "<i4"), ("end", "<i4"),
/// ("velocity", "<i4")]; a track's notes may overlap (chords).
struct TrackNoteRecord {
  int32_t pitch;
  int32_t start;
  int32_t end;
  int32_t velocity;  ///< MIDI velocity 1..127
};

using NoteArray = pybind11::array_t<NoteRecord, pybind11::array::c_style | pybind11::array::forcecast>;

/// Registers NoteRecord's and TrackNoteRecord's numpy dtypes (once, at module load).
void register_note_dtype();

/// The notes of `melody` as a new array.
pybind11::array note_array(const music::Melody& melody);

/// The notes of `track` (with velocities) as a new array.
pybind11::array track_note_array(const music::Track& track);

/// A melody of `n_steps` steps (0: up to the last note's end) from a one-dimensional note array. Throws
/// InputError unless every pitch is 0..127, 0 <= start < end <= n_steps and the notes are in time order
/// without overlap (monophonic).
music::Melody array_melody(const NoteArray& notes, int64_t n_steps);

}  // namespace vec2midi::python
