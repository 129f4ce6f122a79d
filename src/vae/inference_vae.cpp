#include "vae/inference_vae.hpp"

#include <string>

#include "io/error.hpp"
#include "io/model_file.hpp"

namespace vec2midi::vae {

InferenceVae load_inference_vae(const std::filesystem::path& model_path, const std::filesystem::path& encoder_path) {
  const io::ModelFile file(model_path, music_vae_model_kind());
  InferenceVae vae;
  vae.options = read_music_vae_config(file);
  vae.decoder = std::make_unique<MelodyDecoder>(file);
  vae.teacher = std::make_unique<TeacherForcedDecoder>(file);
  if (encoder_path.empty()) {
    if (vae.options.has_encoder) vae.encoder = std::make_unique<MelodyEncoder>(file);
    return vae;
  }
  vae.encoder = std::make_unique<MelodyEncoder>(encoder_path);
  const MusicVaeOptions& e = vae.encoder->options();
  const MusicVaeOptions& d = vae.options;
  if (e.z_size != d.z_size || e.n_events != d.n_events || e.max_steps != d.max_steps) {
    throw InputError(encoder_path.string() + ": encoder for z " + std::to_string(e.z_size) + ", " +
                     std::to_string(e.n_events) + " events, " + std::to_string(e.max_steps) +
                     " steps does not fit the decoder (z " + std::to_string(d.z_size) + ", " +
                     std::to_string(d.n_events) + " events, " + std::to_string(d.max_steps) + " steps)");
  }
  // The decoder's architecture with the file's encoder.
  MusicVaeOptions joined = e;
  joined.decoder_size = d.decoder_size;
  joined.decoder_layers = d.decoder_layers;
  vae.options = joined;
  return vae;
}

}  // namespace vec2midi::vae
