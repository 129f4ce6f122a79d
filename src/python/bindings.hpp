// The parts of the `vec2midi._engine` Python extension (pybind11), one concept each; module.cpp calls them in
// order. Numpy in and out; the GIL is released while C++ works; vec2midi::InputError becomes
// vec2midi.InputError (a ValueError), any other vec2midi::Error vec2midi.Error (a RuntimeError), with the
// CLI's messages. The Python package python/vec2midi wraps these in the documented API.
#pragma once

#include <pybind11/pybind11.h>

namespace vec2midi::python {

/// Error, InputError and the C++ → Python exception translation.
void bind_errors(pybind11::module_& m);
/// The note dtype and the functions on one melody: MIDI bytes, audio samples, piano roll, melody distance.
void bind_melody(pybind11::module_& m);
/// MusicVae: a MusicVAE's decoder and (when it has one) encoder.
void bind_music_vae(pybind11::module_& m);
/// Composer and Composition: the picture-to-melody (or piece) pipeline, and a MusicVAE file's named latent dims.
void bind_composer(pybind11::module_& m);
/// Embedder: the Image2Vec network on its own, pictures → embeddings and nearest colours.
void bind_embedder(pybind11::module_& m);
/// Transition: a searched transition file, embedding → latent vector.
void bind_transition(pybind11::module_& m);

}  // namespace vec2midi::python
