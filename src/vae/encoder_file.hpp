// A MusicVAE encoder on its own: the bi-LSTM and μ/σ layers fitted against a frozen decoder (e.g.
// Magenta's decoder-only mel_2bar_small) stored without that decoder, and joined to it at load time.
// File: safetensors with the encoder/* variables under Magenta's names, metadata "format" =
// vec2midi.music_vae_encoder and "music_vae" = the full model's options (has_encoder true).
// Usage: save_encoder(*vae, "models/mel_2bar_small_encoder.safetensors", io::DType::F16);
//        MusicVae full = load_music_vae_with_encoder("mel_2bar_small.safetensors", "mel_2bar_small_encoder.safetensors");
#pragma once

#include <filesystem>
#include <string>

#include "io/safetensors.hpp"
#include "vae/music_vae.hpp"

namespace vec2midi::vae {

/// Writes the encoder variables of `model` (which must have one) to `path` atomically as `dtype`.
/// Throws Error naming the path.
void save_encoder(const MusicVaeImpl& model, const std::filesystem::path& path, io::DType dtype = io::DType::F32,
                  const std::string& source = "");

/// A new full model: the decoder weights of `decoder` (copied) and the encoder stored in `encoder_path`.
/// Throws InputError naming the file when it is not an encoder file, a tensor is missing, misshapen or not
/// finite, or its z size, event count or step count differ from the decoder's.
MusicVae attach_encoder(const MusicVaeImpl& decoder, const std::filesystem::path& encoder_path);

/// load_music_vae(model_path), then attach_encoder(…, encoder_path) unless encoder_path is empty.
MusicVae load_music_vae_with_encoder(const std::filesystem::path& model_path, const std::filesystem::path& encoder_path);

}  // namespace vec2midi::vae
