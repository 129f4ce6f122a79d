// Importing a Magenta MusicVAE checkpoint (deeplearn.js, tfjs or TensorFlow tensor bundle) into a
// vec2midi model file: the model's tensors under Magenta's names, its architecture in __metadata__.
// Usage: ImportReport r = import_magenta("data/magenta/mel_2bar_small", "models/vae.safetensors");
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "io/safetensors.hpp"
#include "vae/checkpoint_reader.hpp"
#include "vae/music_vae_config.hpp"

namespace vec2midi::vae {

/// How import_magenta stores the weights.
struct ImportOptions {
  io::DType dtype = io::DType::F32;  ///< element type written (F32, or F16 for `--fp16`: half the size)
  bool show_progress = true;         ///< progress line on stderr while reading tensors
};

/// What an import found and wrote.
struct ImportReport {
  std::string source;                 ///< the checkpoint, described (format and path)
  MusicVaeInference inference;        ///< architecture and the variables' fate
  int64_t n_tensors = 0;              ///< tensors written
  int64_t n_bytes = 0;                ///< bytes of tensor data written
};

/// Converts the checkpoint open in `reader` into a MusicVAE safetensors image: every model variable
/// read (CRC-checked where the format has CRCs), refused if not finite, converted to `options.dtype`;
/// metadata {"format": "vec2midi.music_vae", "music_vae": options JSON, "source": description}.
/// Throws InputError naming the file and the variable.
io::Safetensors convert_checkpoint(const CheckpointReader& reader, const ImportOptions& options, ImportReport& report);

/// Opens `src` (see open_checkpoint), converts it and writes `out` atomically: on any error no
/// output file is left (an existing one is kept). Throws InputError naming the file and the variable.
ImportReport import_magenta(const std::filesystem::path& src, const std::filesystem::path& out,
                            const ImportOptions& options = {});

}  // namespace vec2midi::vae
