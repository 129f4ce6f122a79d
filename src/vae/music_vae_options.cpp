#include "vae/music_vae_options.hpp"

#include <nlohmann/json.hpp>

#include "io/error.hpp"

namespace vec2midi::vae {

MusicVaeOptions MusicVaeOptions::mel_2bar_small() { return MusicVaeOptions{}; }

MusicVaeOptions MusicVaeOptions::mel_2bar_big() {
  MusicVaeOptions o;
  o.z_size = 512;
  o.encoder_size = 2048;
  o.decoder_size = 2048;
  o.decoder_layers = 3;
  return o;
}

std::string MusicVaeOptions::to_json_string() const {
  const nlohmann::json j = {{"z_size", z_size},           {"encoder_size", encoder_size},
                            {"encoder_layers", encoder_layers}, {"decoder_size", decoder_size},
                            {"decoder_layers", decoder_layers}, {"n_events", n_events},
                            {"max_steps", max_steps},     {"has_encoder", has_encoder}};
  return j.dump();
}

MusicVaeOptions MusicVaeOptions::from_json_string(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(std::string("MusicVAE config is not valid JSON: ") + e.what());
  }
  MusicVaeOptions o;
  auto positive = [&](const char* key, int64_t& field) {
    if (!j.contains(key)) return;
    if (!j[key].is_number_integer() || j[key].get<int64_t>() <= 0 || j[key].get<int64_t>() > (1 << 16)) {
      throw InputError(std::string("MusicVAE config field '") + key + "' must be a positive integer, got " +
                       j[key].dump());
    }
    field = j[key].get<int64_t>();
  };
  positive("z_size", o.z_size);
  positive("encoder_size", o.encoder_size);
  positive("encoder_layers", o.encoder_layers);
  positive("decoder_size", o.decoder_size);
  positive("decoder_layers", o.decoder_layers);
  positive("n_events", o.n_events);
  positive("max_steps", o.max_steps);
  if (j.contains("has_encoder")) {
    if (!j["has_encoder"].is_boolean()) throw InputError("MusicVAE config field 'has_encoder' must be true or false");
    o.has_encoder = j["has_encoder"].get<bool>();
  }
  return o;
}

io::ModelKind music_vae_model_kind() {
  return {.format = kMusicVaeFormat, .name = "MusicVAE model file",
          .how_to_make = "import Magenta weights with `vec2midi import-magenta`"};
}

io::ModelKind music_vae_encoder_model_kind() {
  return {.format = kMusicVaeEncoderFormat, .name = "MusicVAE encoder file",
          .how_to_make = "make one with `vec2midi fit-encoder`"};
}

MusicVaeOptions read_music_vae_config(const io::ModelFile& file) {
  try {
    return MusicVaeOptions::from_json_string(file.metadata("music_vae"));
  } catch (const InputError& e) {
    const std::string what = e.what();
    if (what.rfind(file.where(), 0) == 0) throw;
    throw InputError(file.where() + ": " + what);
  }
}

}  // namespace vec2midi::vae
