// Renders a melody to audio with FluidSynth and a General MIDI SoundFont (Debian's default-GM.sf2).
// Usage: render_melody_wav(melody, "tune.wav", AudioOptions{.qpm = 100, .program = 73});
#pragma once

#include <filesystem>
#include <vector>

#include "music/constants.hpp"
#include "music/melody.hpp"

namespace vec2midi::render {

struct AudioOptions {
  double qpm = music::kDefaultQpm;  ///< tempo, quarter notes per minute (120 as in magenta.js)
  int program = 0;                  ///< General MIDI program 0..127 (0 = Acoustic Grand Piano)
  int sample_rate = 44100;          ///< Hz
  double tail_seconds = 1.0;        ///< silence after the last note for its release to ring out
  double gain = 0.8;                ///< FluidSynth master gain (its default 0.2 is very quiet)
  /// General MIDI SoundFont; Debian's timgm6mb-soundfont provides default-GM.sf2.
  std::filesystem::path soundfont = "/usr/share/sounds/sf2/default-GM.sf2";
};

/// Interleaved stereo float samples of `melody` played with `options` (pure apart from reading the SoundFont).
/// Throws Error if the SoundFont cannot be loaded, InputError for an invalid program or tempo.
std::vector<float> render_melody_samples(const music::Melody& melody, const AudioOptions& options);

/// Writes interleaved stereo float samples as a 16-bit PCM WAV file, atomically.
void write_wav(const std::filesystem::path& path, const std::vector<float>& stereo, int sample_rate);

/// render_melody_samples + write_wav.
void render_melody_wav(const music::Melody& melody, const std::filesystem::path& path, const AudioOptions& options);

}  // namespace vec2midi::render
