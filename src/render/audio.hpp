// Renders a melody, or a piece of several tracks, to audio with FluidSynth and a General MIDI SoundFont
// (Debian's default-GM.sf2).
// Usage: render_melody_wav(melody, "tune.wav", AudioOptions{.qpm = 100, .program = 73});
//        render_tracks_wav(tracks, n_steps, "piece.wav", AudioOptions{.qpm = 100});
#pragma once

#include <filesystem>
#include <vector>

#include "music/constants.hpp"
#include "music/melody.hpp"
#include "music/track.hpp"

namespace vec2midi::render {

struct AudioOptions {
  double qpm = music::kDefaultQpm;  ///< tempo, quarter notes per minute (120 as in magenta.js)
  int program = 0;                  ///< General MIDI program 0..127 of a melody (0 = Acoustic Grand Piano)
  int sample_rate = 44100;          ///< Hz
  double tail_seconds = 1.0;        ///< silence after the last note for its release to ring out
  double gain = 0.8;                ///< FluidSynth master gain (its default 0.2 is very quiet)
  /// General MIDI SoundFont; Debian's timgm6mb-soundfont provides default-GM.sf2.
  std::filesystem::path soundfont = "/usr/share/sounds/sf2/default-GM.sf2";
};

/// Interleaved stereo float samples of `melody` played with `options` (pure apart from reading the SoundFont):
/// render_tracks_samples of one track on channel 0 with options.program.
/// Throws Error if the SoundFont cannot be loaded, InputError for an invalid program or tempo.
std::vector<float> render_melody_samples(const music::Melody& melody, const AudioOptions& options);

/// Interleaved stereo float samples of a piece of `n_steps` 16th-note steps (or up to its last note-off if
/// later) plus options.tail_seconds: one synthesiser, each track's notes on its channel with its program
/// (options.program is not used); the drum channel (kDrumChannel) plays the SoundFont's drum kit. Overlapping
/// notes of a pitch on a channel are untangled as music::playable_notes does; tracks should not share a
/// channel (the last one's program would win). Throws InputError for a program outside 0..127, a channel
/// outside 0..15 or an invalid tempo, Error if the SoundFont cannot be loaded.
std::vector<float> render_tracks_samples(const std::vector<music::Track>& tracks, int64_t n_steps,
                                         const AudioOptions& options);

/// Writes interleaved stereo float samples as a 16-bit PCM WAV file, atomically.
void write_wav(const std::filesystem::path& path, const std::vector<float>& stereo, int sample_rate);

/// render_melody_samples + write_wav.
void render_melody_wav(const music::Melody& melody, const std::filesystem::path& path, const AudioOptions& options);

/// render_tracks_samples + write_wav.
void render_tracks_wav(const std::vector<music::Track>& tracks, int64_t n_steps, const std::filesystem::path& path,
                       const AudioOptions& options);

}  // namespace vec2midi::render
