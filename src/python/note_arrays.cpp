#include "python/note_arrays.hpp"

#include <string>

#include "io/error.hpp"

namespace vec2midi::python {
namespace py = pybind11;

void register_note_dtype() {
  PYBIND11_NUMPY_DTYPE(NoteRecord, pitch, start, end);
  PYBIND11_NUMPY_DTYPE(TrackNoteRecord, pitch, start, end, velocity);
}

py::array note_array(const music::Melody& melody) {
  py::array_t<NoteRecord> out(py::ssize_t(melody.notes.size()));
  auto rows = out.mutable_unchecked<1>();
  for (size_t i = 0; i < melody.notes.size(); ++i) {
    const music::Note& n = melody.notes[i];
    rows(py::ssize_t(i)) = {int32_t(n.pitch), int32_t(n.start_step), int32_t(n.end_step)};
  }
  return out;
}

py::array track_note_array(const music::Track& track) {
  py::array_t<TrackNoteRecord> out(py::ssize_t(track.notes.size()));
  auto rows = out.mutable_unchecked<1>();
  for (size_t i = 0; i < track.notes.size(); ++i) {
    const music::Note& n = track.notes[i];
    rows(py::ssize_t(i)) = {int32_t(n.pitch), int32_t(n.start_step), int32_t(n.end_step), int32_t(n.velocity)};
  }
  return out;
}

music::Melody array_melody(const NoteArray& notes, int64_t n_steps) {
  if (notes.ndim() != 1) {
    throw InputError("notes must be a one-dimensional array of (pitch, start, end), got " +
                     std::to_string(notes.ndim()) + " dimensions");
  }
  if (n_steps < 0) throw InputError("steps must be >= 0, got " + std::to_string(n_steps));
  music::Melody melody;
  auto rows = notes.unchecked<1>();
  int64_t last_end = 0;
  for (py::ssize_t i = 0; i < rows.shape(0); ++i) {
    const NoteRecord& r = rows(i);
    const std::string which = "note " + std::to_string(i) + " (pitch " + std::to_string(r.pitch) + ", start " +
                              std::to_string(r.start) + ", end " + std::to_string(r.end) + ")";
    if (r.pitch < 0 || r.pitch > 127) throw InputError(which + ": pitch must be 0..127");
    if (r.start < 0 || r.end <= r.start) throw InputError(which + ": needs 0 <= start < end");
    if (r.start < last_end) throw InputError(which + ": starts before the previous note ends (melodies are monophonic, in time order)");
    if (n_steps > 0 && r.end > n_steps) {
      throw InputError(which + ": ends after the melody's " + std::to_string(n_steps) + " steps");
    }
    melody.notes.push_back({.pitch = r.pitch, .start_step = r.start, .end_step = r.end});
    last_end = r.end;
  }
  melody.n_steps = n_steps > 0 ? n_steps : last_end;
  return melody;
}

}  // namespace vec2midi::python
