// The functions on one melody: its MIDI file as bytes, its audio (FluidSynth), its piano roll as PNG bytes and
// the original's melody distance between two melodies.
#include <filesystem>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "io/error.hpp"
#include "music/melody_distance.hpp"
#include "music/midi_io.hpp"
#include "python/bindings.hpp"
#include "python/note_arrays.hpp"
#include "python/numpy_arrays.hpp"
#include "python/temp_file_bytes.hpp"
#include "render/audio.hpp"
#include "render/piano_roll.hpp"

namespace vec2midi::python {
namespace py = pybind11;
namespace fs = std::filesystem;

namespace {

// The MIDI file write_melody_midi writes, as bytes (libsmf writes only to files).
py::bytes midi_bytes(const NoteArray& notes, int64_t n_steps, double qpm, int program) {
  const music::Melody melody = array_melody(notes, n_steps);
  std::string bytes;
  {
    py::gil_scoped_release release;
    bytes = bytes_written_by(".mid", [&](const fs::path& path) {
      music::write_melody_midi(melody, path, {.qpm = qpm, .program = program});
    });
  }
  return py::bytes(bytes);
}

// Interleaved stereo float samples → (n, 2) float32 array, with the sample rate.
py::tuple audio(const NoteArray& notes, int64_t n_steps, double qpm, int program, int sample_rate) {
  const music::Melody melody = array_melody(notes, n_steps);
  std::vector<float> samples;
  {
    py::gil_scoped_release release;
    samples = render::render_melody_samples(melody, {.qpm = qpm, .program = program, .sample_rate = sample_rate});
  }
  return py::make_tuple(numpy_copy<float>(samples, {py::ssize_t(samples.size() / 2), 2}), sample_rate);
}

py::bytes piano_roll_png(const NoteArray& notes, int64_t n_steps, std::array<int, 3> colour, int width, int height) {
  const music::Melody melody = array_melody(notes, n_steps);
  for (int c : colour) {
    if (c < 0 || c > 255) throw InputError("colour components must be 0..255, got " + std::to_string(c));
  }
  if (width < 64 || height < 64 || width > 8192 || height > 8192) {
    throw InputError("piano roll size must be 64..8192 pixels each way, got " + std::to_string(width) + "x" +
                     std::to_string(height));
  }
  std::string png;
  {
    py::gil_scoped_release release;
    const render::Rgb rgb{uint8_t(colour[0]), uint8_t(colour[1]), uint8_t(colour[2])};
    png = render::encode_png(render::draw_piano_roll(melody, {.width = width, .height = height, .note_colour = rgb}));
  }
  return py::bytes(png);
}

double distance(const NoteArray& a, const NoteArray& b, bool positive, bool penalty) {
  const music::MelodyFeatures fa = music::melody_features(array_melody(a, 0));
  const music::MelodyFeatures fb = music::melody_features(array_melody(b, 0));
  return music::melody_distance(fa, fb, positive, penalty);
}

}  // namespace

void bind_melody(py::module_& m) {
  register_note_dtype();
  m.attr("note_dtype") = py::dtype::of<NoteRecord>();
  m.attr("track_note_dtype") = py::dtype::of<TrackNoteRecord>();
  m.def("check_notes", [](const NoteArray& notes, int64_t n_steps) { return note_array(array_melody(notes, n_steps)); },
        py::arg("notes"), py::arg("n_steps") = 0, "The notes as a new note array, after the checks every function makes");
  m.def("midi_bytes", &midi_bytes, py::arg("notes"), py::arg("n_steps"), py::arg("qpm"), py::arg("program"),
        "The melody as a Standard MIDI File (what `vec2midi compose` writes)");
  m.def("audio", &audio, py::arg("notes"), py::arg("n_steps"), py::arg("qpm"), py::arg("program"),
        py::arg("sample_rate") = 44100, "(samples [n, 2] float32, rate): the melody played by FluidSynth");
  m.def("piano_roll_png", &piano_roll_png, py::arg("notes"), py::arg("n_steps"), py::arg("colour"),
        py::arg("width") = 1024, py::arg("height") = 384, "The melody's piano roll as PNG bytes");
  m.def("melody_distance", &distance, py::arg("a"), py::arg("b"), py::arg("positive") = true,
        py::arg("penalty") = true, "The original bayesVec2Midi distance between two melodies");
}

}  // namespace vec2midi::python
