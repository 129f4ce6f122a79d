// The architecture of a MusicVAE (Roberts et al. 2018), one struct for every size: Magenta's
// cat-mel_2bar_small, cat-mel_2bar_big and custom sizes. Stored as JSON in the `__metadata__`
// of a model's safetensors file so that a file alone says what it is.
// Usage: auto opts = MusicVaeOptions::mel_2bar_small(); auto json = opts.to_json_string();
#pragma once

#include <cstdint>
#include <string>

#include "io/model_file.hpp"
#include "music/constants.hpp"

namespace vec2midi::vae {

/// TensorFlow's LSTM `forget_bias` default, added to the f gate before its sigmoid at run time, never
/// stored (rnn_cell_impl.py); every MusicVAE LSTM here uses it.
inline constexpr float kForgetBias = 1.0f;

struct MusicVaeOptions {
  int64_t z_size = 256;          ///< latent size Z (Magenta configs.py: 256 small, 512 big)
  int64_t encoder_size = 512;    ///< bi-LSTM units per direction (512 small, 2048 big)
  int64_t encoder_layers = 1;    ///< stacked bi-LSTM layers (1 in both Magenta configs)
  int64_t decoder_size = 256;    ///< units of each decoder LSTM layer (256 small, 2048 big)
  int64_t decoder_layers = 2;    ///< decoder LSTM layers (2 small, 3 big)
  int64_t n_events = music::kNumMelodyEvents;  ///< one-hot input/output width (90)
  int64_t max_steps = music::kWindowSteps;     ///< longest sequence in steps (32 = 2 bars)
  bool has_encoder = true;       ///< false for a decoder-only model (e.g. Magenta's mel_2bar_small here)

  /// cat-mel_2bar_small (= magenta.js mel_2bar_small).
  static MusicVaeOptions mel_2bar_small();
  /// cat-mel_2bar_big (the model the original bayesVec2Midi used).
  static MusicVaeOptions mel_2bar_big();

  /// JSON text stored under "music_vae" in safetensors metadata.
  std::string to_json_string() const;
  /// Parses to_json_string()'s output; throws InputError naming the bad field.
  static MusicVaeOptions from_json_string(const std::string& text);

  friend bool operator==(const MusicVaeOptions&, const MusicVaeOptions&) = default;
};

/// The "format" metadata value of a MusicVAE file.
inline constexpr const char* kMusicVaeFormat = "vec2midi.music_vae";

/// The "format" metadata value of an encoder file (vae/encoder_file.hpp: an encoder without its decoder).
inline constexpr const char* kMusicVaeEncoderFormat = "vec2midi.music_vae_encoder";

/// A whole MusicVAE model file (format kMusicVaeFormat), for io::ModelFile.
io::ModelKind music_vae_model_kind();
/// A MusicVAE encoder file (format kMusicVaeEncoderFormat), for io::ModelFile.
io::ModelKind music_vae_encoder_model_kind();

/// The MusicVaeOptions stored in the file's metadata "music_vae"; throws InputError naming the file and
/// the bad config.
MusicVaeOptions read_music_vae_config(const io::ModelFile& file);

}  // namespace vec2midi::vae
