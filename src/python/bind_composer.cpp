// vec2midi._engine.Composer and Composition: app::Composer (the pipeline `vec2midi compose` runs) loaded once,
// composing pictures given as paths or RGB arrays into a phrase or a piece; a Composition keeps its picture and
// its options so that json() and save() give what the CLI prints and writes (MIDI, WAV, piano roll, video).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "app/cli.hpp"
#include "app/composer.hpp"
#include "app/composition_files.hpp"
#include "app/composition_json.hpp"
#include "compose/accompaniment.hpp"
#include "compose/latent_sliders.hpp"
#include "music/key.hpp"
#include "python/bindings.hpp"
#include "python/composition_outputs.hpp"
#include "python/note_arrays.hpp"
#include "python/numpy_arrays.hpp"
#include "python/picture_arg.hpp"

namespace vec2midi::python {
namespace py = pybind11;
namespace fs = std::filesystem;

namespace {

struct PictureComposition {
  app::Composition composition;
  app::ComposeOptions options;  // what it was composed with (its JSON names the nudges and accompaniment)
  cv::Mat picture;              // BGR, for the video's key frame
  std::string name;             // the picture file's stem, "" for an array
};

app::ComposerModels models_or_defaults(const fs::path& vae, const fs::path& embedder, const fs::path& transition) {
  app::ComposerModels models = app::ComposerModels::defaults();
  if (!vae.empty()) models.vae = vae;
  if (!embedder.empty()) models.embedder = embedder;
  if (!transition.empty()) models.transition = transition;
  return models;
}

// The options as the CLI's flags parse them (same checks, same messages).
app::ComposeOptions compose_options(int64_t bars, double temperature, uint64_t seed, bool continuous,
                                    const std::optional<std::string>& key, const std::string& accompaniment,
                                    int program, const std::vector<std::string>& nudges, int palette_size) {
  app::validate(app::OutputOptions{.program = program});
  app::ComposeOptions options;
  options.n_bars = bars;
  options.temperature = temperature;
  options.seed = seed;
  options.continuous = continuous;
  options.accompaniment = compose::parse_accompaniment(accompaniment);
  options.program = program;
  options.palette_size = palette_size;
  if (key) options.key = music::parse_key(*key);
  for (const std::string& text : nudges) options.nudges.push_back(compose::parse_nudge(text));
  options.n_steps();  // checks bars
  return options;
}

PictureComposition compose(const app::Composer& composer, const py::handle& image, const app::ComposeOptions& options) {
  PictureComposition out;
  out.options = options;
  out.picture = picture_arg(image);
  out.name = picture_name(image);
  py::gil_scoped_release release;
  out.composition = composer.compose(out.picture, out.options);
  return out;
}

// The output options of a call: no program is the program it was composed with.
app::OutputOptions output_options(const PictureComposition& p, double qpm, std::optional<int> program) {
  return {.qpm = qpm, .program = program.value_or(p.options.program)};
}

py::dict save(const PictureComposition& p, const fs::path& dir, const std::string& name, double qpm, std::optional<int> program,
              bool video, bool force) {
  app::OutputOptions options = output_options(p, qpm, program);
  options.video = video;
  options.force = force;
  app::OutputFiles files;
  {
    py::gil_scoped_release release;
    app::validate(options);
    const app::Composition& c = p.composition;
    files = c.piece ? app::write_composition_files(piece_with_program(c, options.program), {p.picture},
                                                   {c.display_colour()}, dir, name, options)
                    : app::write_composition_files(c.melody, {p.picture}, {c.display_colour()}, dir, name, options);
  }
  py::dict out;
  out["midi"] = files.midi.string();
  out["wav"] = files.wav.string();
  out["png"] = files.png.string();
  if (!files.mp4.empty()) out["mp4"] = files.mp4.string();
  return out;
}

py::bytes midi_bytes(const PictureComposition& p, double qpm, std::optional<int> program) {
  std::string bytes;
  {
    py::gil_scoped_release release;
    bytes = composition_midi(p.composition, output_options(p, qpm, program));
  }
  return py::bytes(bytes);
}

py::tuple audio(const PictureComposition& p, double qpm, std::optional<int> program, int sample_rate) {
  std::vector<float> samples;
  {
    py::gil_scoped_release release;
    samples = composition_samples(p.composition, output_options(p, qpm, program), sample_rate);
  }
  return py::make_tuple(numpy_copy<float>(samples, {py::ssize_t(samples.size() / 2), 2}), sample_rate);
}

py::bytes piano_roll_png(const PictureComposition& p, int width, int height) {
  std::string png;
  {
    py::gil_scoped_release release;
    png = composition_piano_roll_png(p.composition, width, height);
  }
  return py::bytes(png);
}

// [(name, program, channel, notes with velocities)]: a piece's tracks, or its melody as one track.
py::list tracks(const PictureComposition& p) {
  const app::Composition& c = p.composition;
  const std::vector<music::Track> list =
      c.piece ? c.piece->tracks
              : std::vector<music::Track>{{.name = "melody", .program = p.options.program, .notes = c.melody.notes}};
  py::list out;
  for (const music::Track& t : list) out.append(py::make_tuple(t.name, t.program, t.channel, track_note_array(t)));
  return out;
}

void bind_composition(py::module_& m) {
  using P = PictureComposition;
  py::class_<P>(m, "Composition")
      .def_property_readonly("colour", [](const P& p) { return p.composition.colour_name(); })
      .def_property_readonly("colour_index", [](const P& p) { return p.composition.colour; })
      .def_property_readonly("distances", [](const P& p) { return numpy_copy<float>(p.composition.distances, {vision::kNumClasses}); })
      .def_property_readonly("embedding", [](const P& p) { return numpy_copy<float>(p.composition.embedding, {py::ssize_t(p.composition.embedding.size())}); })
      .def_property_readonly("z", [](const P& p) { return numpy_copy<float>(p.composition.z, {py::ssize_t(p.composition.z.size())}); })
      .def_property_readonly("continuous", [](const P& p) { return p.composition.continuous; })
      .def_property_readonly("notes", [](const P& p) { return note_array(p.composition.melody); })
      .def_property_readonly("n_steps", [](const P& p) { return p.composition.melody.n_steps; })
      .def_property_readonly("name", [](const P& p) { return p.name; })
      .def_property_readonly("is_piece", [](const P& p) { return p.composition.piece.has_value(); })
      .def_property_readonly("program", [](const P& p) { return p.options.program; })
      .def_property_readonly("tracks", &tracks)
      .def_property_readonly("display_colour",
                             [](const P& p) {
                               const render::Rgb c = p.composition.display_colour();
                               return py::make_tuple(int(c.r), int(c.g), int(c.b));
                             })
      .def("json", [](const P& p) { return app::composition_json(p.composition, p.options).dump(); })
      .def("midi_bytes", &midi_bytes, py::arg("qpm"), py::arg("program"))
      .def("audio", &audio, py::arg("qpm"), py::arg("program"), py::arg("sample_rate"))
      .def("piano_roll_png", &piano_roll_png, py::arg("width"), py::arg("height"))
      .def("save", &save, py::arg("dir"), py::arg("name"), py::arg("qpm"), py::arg("program"), py::arg("video"),
           py::arg("force"));
}

}  // namespace

void bind_composer(py::module_& m) {
  bind_composition(m);
  m.def("default_model_path", [](const std::string& name) { return app::default_model_path(name).string(); },
        py::arg("name"));
  m.def("latent_sliders",
        [](const fs::path& model) {
          return compose::sliders_json(compose::read_latent_sliders(compose::sliders_path(model))).dump();
        },
        py::arg("model"), "{\"sliders\": [...]} of MODEL.sliders.json beside the MusicVAE file `model`, as JSON text");
  py::class_<app::Composer>(m, "Composer")
      .def(py::init([](const fs::path& vae, const fs::path& embedder, const fs::path& transition) {
             return std::make_unique<app::Composer>(models_or_defaults(vae, embedder, transition));
           }),
           py::arg("vae") = fs::path(), py::arg("embedder") = fs::path(), py::arg("transition") = fs::path())
      .def("compose",
           [](const app::Composer& composer, const py::handle& image, int64_t bars, double temperature, uint64_t seed,
              bool continuous, const std::optional<std::string>& key, const std::string& accompaniment, int program,
              const std::vector<std::string>& nudges, int palette_size) {
             return compose(composer, image,
                            compose_options(bars, temperature, seed, continuous, key, accompaniment, program, nudges,
                                            palette_size));
           },
           py::arg("image"), py::arg("bars"), py::arg("temperature"), py::arg("seed"), py::arg("continuous"),
           py::arg("key"), py::arg("accompaniment"), py::arg("program"), py::arg("nudges"), py::arg("palette_size"))
      .def_property_readonly("sliders",
                             [](const app::Composer& c) { return compose::sliders_json(c.sliders()).dump(); })
      .def_property_readonly("models", [](const app::Composer& c) {
        py::dict d;
        d["vae"] = c.models().vae.string();
        d["embedder"] = c.models().embedder.string();
        d["transition"] = c.models().transition.string();
        return d;
      });
}

}  // namespace vec2midi::python
