// Melodies as numpy structured arrays of notes (pitch, start, end; times in 16th-note steps), the form every
// function of the Python module takes and gives. Checked on the way in: a bad note is one InputError line.
// Usage: pybind11::array notes = note_array(melody);  music::Melody m = array_melody(notes, 32);
#pragma once

#include <cstdint>

#include <pybind11/numpy.h>

#include "music/melody.hpp"

namespace vec2midi::python {

/// One row of a note array: numpy dtype [("pitch", "<i4"), ("start", "<i4"), ("end", "<i4")].
struct NoteRecord {
  int32_t pitch;
  int32_t start;
  int32_t end;
};

using NoteArray = pybind11::array_t<NoteRecord, pybind11::array::c_style | pybind11::array::forcecast>;

/// Registers NoteRecord's numpy dtype (once, at module load).
void register_note_dtype();

/// The notes of `melody` as a new array.
pybind11::array note_array(const music::Melody& melody);

/// A melody of `n_steps` steps (0: up to the last note's end) from a one-dimensional note array. Throws
/// InputError unless every pitch is 0..127, 0 <= start < end <= n_steps and the notes are in time order
/// without overlap (monophonic).
music::Melody array_melody(const NoteArray& notes, int64_t n_steps);

}  // namespace vec2midi::python
