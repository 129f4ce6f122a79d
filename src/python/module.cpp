// `vec2midi._engine`: the C++ engine for the Python package (python/vec2midi). See bindings.hpp.
#include "python/bindings.hpp"

PYBIND11_MODULE(_engine, m) {
  m.doc() = "vec2midi's C++ engine (use the vec2midi package, which wraps it)";
  vec2midi::python::bind_errors(m);
  vec2midi::python::bind_melody(m);
  vec2midi::python::bind_music_vae(m);
  vec2midi::python::bind_composer(m);
  vec2midi::python::bind_embedder(m);
  vec2midi::python::bind_transition(m);
}
