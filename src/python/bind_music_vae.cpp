// vec2midi._engine.MusicVae: a MusicVAE model file's decoder (batched, greedy or at a temperature) and, when the
// file has one or an encoder file is given, its encoder (μ); plus slerp, the path interpolation walks.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "compute/precision.hpp"
#include "io/error.hpp"
#include "music/event_codec.hpp"
#include "python/bindings.hpp"
#include "python/note_arrays.hpp"
#include "python/numpy_arrays.hpp"
#include "vae/latent_interpolation.hpp"
#include "vae/melody_decoder.hpp"
#include "vae/melody_encoder.hpp"

namespace vec2midi::python {
namespace py = pybind11;
namespace fs = std::filesystem;

namespace {

using FloatArray = py::array_t<float, py::array::c_style | py::array::forcecast>;

class MusicVae {
 public:
  MusicVae(const fs::path& path, const fs::path& encoder, const std::string& precision)
      : path_(path), decoder_(path, compute::parse_precision(precision)) {
    if (!encoder.empty()) {
      encoder_.emplace(encoder);
    } else if (decoder_.options().has_encoder) {
      encoder_.emplace(path);
    }
    if (encoder_ && encoder_->options().z_size != decoder_.options().z_size) {
      throw InputError(encoder.string() + ": encoder for z " + std::to_string(encoder_->options().z_size) +
                       " does not fit " + path.string() + " (z " + std::to_string(decoder_.options().z_size) + ")");
    }
  }

  // z [B, Z] (or [Z]) → events [B, steps] uint8.
  py::array decode_events(const FloatArray& z, int64_t steps, double temperature, uint64_t seed, int64_t first_item) const {
    const int64_t z_size = decoder_.options().z_size;
    if (!(z.ndim() == 2 || z.ndim() == 1) || z.shape(z.ndim() - 1) != z_size) {
      throw InputError("z must have shape (n, " + std::to_string(z_size) + ") or (" + std::to_string(z_size) +
                       ",), got " + shape_text(z));
    }
    const std::vector<float> values(z.data(), z.data() + z.size());
    std::vector<uint8_t> events;
    {
      py::gil_scoped_release release;
      events = decoder_.decode(values, {.n_steps = steps, .temperature = temperature, .seed = seed}, first_item);
    }
    return numpy_copy<uint8_t>(events, {py::ssize_t(values.size()) / z_size, py::ssize_t(steps)});
  }

  // Note arrays [B] → μ [B, Z].
  py::array encode(const std::vector<NoteArray>& melodies, int64_t steps) const {
    if (!encoder_) {
      throw InputError(path_.string() + " is decoder-only: it cannot encode melodies; load it with an encoder "
                       "file (vec2midi fit-encoder makes one)");
    }
    std::vector<uint8_t> events;
    for (const NoteArray& notes : melodies) {
      const std::vector<uint8_t> one = music::melody_to_events(array_melody(notes, steps), steps);
      events.insert(events.end(), one.begin(), one.end());
    }
    std::vector<float> mu;
    {
      py::gil_scoped_release release;
      mu = encoder_->encode(events, steps);
    }
    return numpy_copy<float>(mu, {py::ssize_t(melodies.size()), encoder_->options().z_size});
  }

  const vae::MelodyDecoder& decoder() const { return decoder_; }
  bool has_encoder() const { return encoder_.has_value(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  vae::MelodyDecoder decoder_;
  std::optional<vae::MelodyEncoder> encoder_;
};

// Events [B, steps] → B note arrays.
py::list events_to_notes(const py::array_t<uint8_t, py::array::c_style | py::array::forcecast>& events) {
  if (events.ndim() != 2) throw InputError("events must have shape (n, steps), got " + shape_text(events));
  py::list out;
  const int64_t steps = events.shape(1);
  for (py::ssize_t i = 0; i < events.shape(0); ++i) {
    out.append(note_array(music::events_to_melody(std::span(events.data() + i * steps, size_t(steps)))));
  }
  return out;
}

py::array slerp(const FloatArray& z0, const FloatArray& z1, int64_t n) {
  if (z0.ndim() != 1 || z1.ndim() != 1 || z0.size() != z1.size()) {
    throw InputError("slerp needs two vectors of one length, got " + shape_text(z0) + " and " + shape_text(z1));
  }
  const std::vector<float> path = vae::slerp(std::span(z0.data(), size_t(z0.size())),
                                             std::span(z1.data(), size_t(z1.size())), n);
  return numpy_copy<float>(path, {py::ssize_t(n), z0.size()});
}

}  // namespace

void bind_music_vae(py::module_& m) {
  py::class_<MusicVae>(m, "MusicVae")
      .def(py::init<const fs::path&, const fs::path&, const std::string&>(), py::arg("path"),
           py::arg("encoder") = fs::path(), py::arg("precision") = "f32")
      .def("decode_events", &MusicVae::decode_events, py::arg("z"), py::arg("steps"), py::arg("temperature"),
           py::arg("seed"), py::arg("first_item") = 0)
      .def("encode", &MusicVae::encode, py::arg("melodies"), py::arg("steps"))
      .def_property_readonly("z_size", [](const MusicVae& v) { return v.decoder().options().z_size; })
      .def_property_readonly("max_steps", [](const MusicVae& v) { return v.decoder().options().max_steps; })
      .def_property_readonly("has_encoder", &MusicVae::has_encoder)
      .def_property_readonly("path", [](const MusicVae& v) { return v.path().string(); })
      .def_property_readonly("precision",
                             [](const MusicVae& v) { return std::string(compute::precision_name(v.decoder().precision())); })
      .def_property_readonly("options", [](const MusicVae& v) { return v.decoder().options().to_json_string(); });
  m.def("events_to_notes", &events_to_notes, py::arg("events"));
  m.def("slerp", &slerp, py::arg("z0"), py::arg("z1"), py::arg("n"));
}

}  // namespace vec2midi::python
