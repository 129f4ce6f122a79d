// MusicVAE model files: safetensors with the tensors under Magenta's variable names and
// __metadata__ {"format": "vec2midi.music_vae", "music_vae": MusicVaeOptions JSON} (what
// `vec2midi import-magenta` writes), so a file alone says what it is.
// Usage: MusicVae vae = load_music_vae("vae.safetensors"); save_music_vae(*vae, "copy.safetensors");
#pragma once

#include <filesystem>
#include <string>

#include "io/safetensors.hpp"
#include "vae/music_vae.hpp"

namespace vec2midi::vae {

/// Loads a model file. Throws InputError naming the path (and the variable) when the file is not a
/// MusicVAE file, a tensor is missing, has the wrong shape or holds NaN/inf, or an unknown tensor is present.
MusicVae load_music_vae(const std::filesystem::path& path);

/// Builds a model from a safetensors image already in memory (e.g. convert_checkpoint's output);
/// `where` names it in error messages. Same checks as load_music_vae.
MusicVae music_vae_from_safetensors(const io::Safetensors& st, const std::string& where);

/// Writes `model` as float32 atomically; `source` (optional) is stored as metadata "source".
void save_music_vae(const MusicVaeImpl& model, const std::filesystem::path& path, const std::string& source = "");

}  // namespace vec2midi::vae
