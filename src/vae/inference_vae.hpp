// The inference parts of one MusicVAE, read from its model file and, for a decoder-only model such as Magenta's
// mel_2bar_small, an encoder file (fit-encoder's) joined to it: the encoder (μ), the decoder and the
// teacher-forced decoder — what vae-eval and interpolate run, without libtorch.
// Usage: InferenceVae vae = load_inference_vae("models/default_vae.safetensors", "");
//        std::vector<float> mu = vae.encoder->encode(events, 32);
#pragma once

#include <filesystem>
#include <memory>

#include "vae/melody_decoder.hpp"
#include "vae/melody_encoder.hpp"
#include "vae/music_vae_options.hpp"
#include "vae/teacher_forced_decoder.hpp"

namespace vec2midi::vae {

struct InferenceVae {
  MusicVaeOptions options;                  ///< the joined model's (decoder sizes from the model file, encoder's from where it came)
  std::unique_ptr<MelodyEncoder> encoder;   ///< null when neither file has an encoder
  std::unique_ptr<MelodyDecoder> decoder;
  std::unique_ptr<TeacherForcedDecoder> teacher;
};

/// Reads the model file and, unless `encoder_path` is empty, the encoder file. Throws InputError naming the
/// file when either is not what it should be, or the encoder's z size, event count or step count differ from
/// the decoder's.
InferenceVae load_inference_vae(const std::filesystem::path& model_path, const std::filesystem::path& encoder_path);

}  // namespace vec2midi::vae
