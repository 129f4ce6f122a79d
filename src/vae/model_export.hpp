// Writing a MusicVAE model file in a chosen precision: the same file as save_music_vae (model_io.hpp)
// but with F16/BF16 tensors when asked, for shipped models that must stay small (load_music_vae reads
// any float dtype back as float32).
// Usage: save_music_vae_as(*vae, "models/vae.safetensors", io::DType::F16, "trained by train-vae ...");
//        std::unique_ptr<MelodyDecoder> d = inference_decoder(*vae);   // the inference decoder of a model in memory
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "io/safetensors.hpp"
#include "vae/melody_decoder.hpp"
#include "vae/music_vae.hpp"

namespace vec2midi::vae {

/// The safetensors image of `model` (all variables under Magenta's names, metadata "format",
/// "music_vae" and, if non-empty, "source") with tensors stored as `dtype` (F32, F16, BF16 or F64).
io::Safetensors music_vae_safetensors(const MusicVaeImpl& model, io::DType dtype, const std::string& source = "");

/// Writes music_vae_safetensors(model, dtype, source) to `path` atomically. Throws Error naming the path.
void save_music_vae_as(const MusicVaeImpl& model, const std::filesystem::path& path, io::DType dtype,
                       const std::string& source = "");

/// The inference decoder (float32) of `model` as it is now, through the same file image a saved model would have:
/// later changes to the model are not seen. For training's prior inversion and the commands on a model in memory.
std::unique_ptr<MelodyDecoder> inference_decoder(const MusicVaeImpl& model);

}  // namespace vec2midi::vae
