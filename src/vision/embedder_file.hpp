// What an embedder file is — the safetensors file that train-embedder and import-tflite write and every
// command reads: the value of its metadata "format" and its kind for io::ModelFile. Header only, no libtorch.
// Usage: const io::ModelFile f(path, embedder_kind());
#pragma once

#include "io/model_file.hpp"

namespace vec2midi::vision {

/// The value of "format" in the metadata of an embedder file.
inline constexpr const char* kEmbedderFormat = "vec2midi.embedder";

/// An embedder file (format kEmbedderFormat), for io::ModelFile.
inline io::ModelKind embedder_kind() {
  return {.format = kEmbedderFormat, .name = "vec2midi embedder file",
          .how_to_make = "make one with `vec2midi train-embedder` or `vec2midi import-tflite`"};
}

}  // namespace vec2midi::vision
