// vec2midi._engine.Composer and Composition: app::Composer (the pipeline `vec2midi compose` runs) loaded once,
// composing pictures given as paths or RGB arrays; a Composition keeps its picture so that save() can write the
// same files as the CLI (MIDI, WAV, piano roll, video).
#include <filesystem>
#include <memory>
#include <string>

#include <opencv2/core.hpp>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "app/cli.hpp"
#include "app/composer.hpp"
#include "app/composition_files.hpp"
#include "app/composition_json.hpp"
#include "python/bindings.hpp"
#include "python/note_arrays.hpp"
#include "python/numpy_arrays.hpp"
#include "python/picture_arg.hpp"

namespace vec2midi::python {
namespace py = pybind11;
namespace fs = std::filesystem;

namespace {

struct PictureComposition {
  app::Composition composition;
  cv::Mat picture;   // BGR, for the video's key frame
  std::string name;  // the picture file's stem, "" for an array
};

app::ComposerModels models_or_defaults(const fs::path& vae, const fs::path& embedder, const fs::path& transition) {
  app::ComposerModels models = app::ComposerModels::defaults();
  if (!vae.empty()) models.vae = vae;
  if (!embedder.empty()) models.embedder = embedder;
  if (!transition.empty()) models.transition = transition;
  return models;
}

PictureComposition compose(const app::Composer& composer, const py::handle& image, int64_t bars, double temperature,
                           uint64_t seed, bool continuous) {
  PictureComposition out;
  out.picture = picture_arg(image);
  out.name = picture_name(image);
  py::gil_scoped_release release;
  out.composition = composer.compose(
      out.picture, {.n_bars = bars, .temperature = temperature, .seed = seed, .continuous = continuous});
  return out;
}

py::dict save(const PictureComposition& p, const fs::path& dir, const std::string& name, double qpm, int program,
              bool video, bool force) {
  const app::OutputOptions options{.qpm = qpm, .program = program, .video = video, .force = force};
  app::OutputFiles files;
  {
    py::gil_scoped_release release;
    app::validate(options);
    files = app::write_composition_files(p.composition.melody, {p.picture}, {p.composition.display_colour()}, dir,
                                         name, options);
  }
  py::dict out;
  out["midi"] = files.midi.string();
  out["wav"] = files.wav.string();
  out["png"] = files.png.string();
  if (!files.mp4.empty()) out["mp4"] = files.mp4.string();
  return out;
}

}  // namespace

void bind_composer(py::module_& m) {
  py::class_<PictureComposition>(m, "Composition")
      .def_property_readonly("colour", [](const PictureComposition& p) { return p.composition.colour_name(); })
      .def_property_readonly("colour_index", [](const PictureComposition& p) { return p.composition.colour; })
      .def_property_readonly("distances", [](const PictureComposition& p) { return numpy_copy<float>(p.composition.distances, {vision::kNumClasses}); })
      .def_property_readonly("embedding", [](const PictureComposition& p) { return numpy_copy<float>(p.composition.embedding, {py::ssize_t(p.composition.embedding.size())}); })
      .def_property_readonly("z", [](const PictureComposition& p) { return numpy_copy<float>(p.composition.z, {py::ssize_t(p.composition.z.size())}); })
      .def_property_readonly("continuous", [](const PictureComposition& p) { return p.composition.continuous; })
      .def_property_readonly("notes", [](const PictureComposition& p) { return note_array(p.composition.melody); })
      .def_property_readonly("n_steps", [](const PictureComposition& p) { return p.composition.melody.n_steps; })
      .def_property_readonly("name", [](const PictureComposition& p) { return p.name; })
      .def_property_readonly("display_colour",
                             [](const PictureComposition& p) {
                               const render::Rgb c = p.composition.display_colour();
                               return py::make_tuple(int(c.r), int(c.g), int(c.b));
                             })
      .def("json", [](const PictureComposition& p) { return app::composition_json(p.composition).dump(); })
      .def("save", &save, py::arg("dir"), py::arg("name"), py::arg("qpm"), py::arg("program"), py::arg("video"),
           py::arg("force"));
  m.def("default_model_path", [](const std::string& name) { return app::default_model_path(name).string(); },
        py::arg("name"));
  py::class_<app::Composer>(m, "Composer")
      .def(py::init([](const fs::path& vae, const fs::path& embedder, const fs::path& transition) {
             return std::make_unique<app::Composer>(models_or_defaults(vae, embedder, transition));
           }),
           py::arg("vae") = fs::path(), py::arg("embedder") = fs::path(), py::arg("transition") = fs::path())
      .def("compose", &compose, py::arg("image"), py::arg("bars"), py::arg("temperature"), py::arg("seed"),
           py::arg("continuous"))
      .def_property_readonly("models", [](const app::Composer& c) {
        py::dict d;
        d["vae"] = c.models().vae.string();
        d["embedder"] = c.models().embedder.string();
        d["transition"] = c.models().transition.string();
        return d;
      });
}

}  // namespace vec2midi::python
