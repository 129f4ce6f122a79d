// The MusicVAE decoder on plain float arrays, without libtorch, for `vec2midi compose`'s fast start (loading
// libtorch alone takes about 0.7 s). Reads the decoder of a model file (load_music_vae's input) and decodes
// one z at a time, greedy or at a temperature, exactly as FastDecoder does: TensorFlow's LSTM cell, the
// previous event fed back as a one-hot row, per-item generators (io::item_generator). Written by hand because
// it is our own model's inference; tests/vae/plain_decoder_test.cpp checks it against FastDecoder.
// Usage: PlainDecoder dec("models/default_vae.safetensors"); std::vector<uint8_t> e = dec.decode(z, {.n_steps = 16});
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "io/random_stream.hpp"
#include "vae/decode_options.hpp"
#include "vae/music_vae_options.hpp"

namespace vec2midi::vae {

class PlainDecoder {
 public:
  /// Loads the decoder tensors of a MusicVAE model file. Throws InputError naming the path when the file is not
  /// a MusicVAE model, a decoder tensor is missing or has the wrong shape, or holds NaN/inf.
  explicit PlainDecoder(const std::filesystem::path& path);

  /// z [Z] -> options.n_steps events, each < n_events. Item `item` samples with item_generator(seed, item), as
  /// row `item` of FastDecoder::decode. Throws InputError on a z of the wrong size or not finite, n_steps
  /// outside 1..max_steps, or a negative or non-finite temperature.
  std::vector<uint8_t> decode(std::span<const float> z, const DecodeOptions& options = {}, int64_t item = 0) const;

  const MusicVaeOptions& options() const { return options_; }

 private:
  MusicVaeOptions options_;
  std::vector<float> w_init_, b_init_;             // [Z, 2LH], [2LH]: (c0, h0, c1, h1, …) = tanh(z·W + b)
  std::vector<std::vector<float>> cell_kernel_;    // layer 0 [V + Z + H, 4H] over (one-hot, z, h); l >= 1 [2H, 4H]
  std::vector<std::vector<float>> cell_bias_;      // [4H]
  std::vector<float> w_out_, b_out_;               // [H, V], [V]
};

}  // namespace vec2midi::vae
