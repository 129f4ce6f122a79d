// The files a composition is written as: NAME.mid, NAME.wav (FluidSynth), NAME.png (piano roll in the
// picture's colour) and, on request, NAME.mp4 (falling notes with the picture and the WAV as sound).
// Each file is written atomically; existing files are refused unless `force` is set.
// Usage: auto files = write_composition_files(melody, {picture}, {colour}, "out", "photo", {.video = true});
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "compose/arrangement.hpp"
#include "music/constants.hpp"
#include "music/midi_io.hpp"
#include "music/melody.hpp"
#include "render/falling_notes.hpp"
#include "render/rgb.hpp"

namespace vec2midi::app {

/// Tempo range every output accepts (FluidSynth rendering allows 10..1000 quarter notes per minute).
inline constexpr double kMinOutputQpm = 10.0;
inline constexpr double kMaxOutputQpm = 1000.0;

/// How the files are rendered.
struct OutputOptions {
  double qpm = music::kDefaultQpm;  ///< tempo, quarter notes per minute (Magenta default 120)
  int program = 0;                  ///< General MIDI program 0..127 (0 = Acoustic Grand Piano)
  bool video = false;               ///< also write the falling-notes MP4
  bool force = false;               ///< overwrite existing files
  int video_width = 960;            ///< video pixels (even); 960 x 540 keeps encoding quick
  int video_height = 540;           ///< video pixels (even)
  double video_fps = 30.0;          ///< video frames per second
};

/// The paths of one composition's files (mp4 empty without video).
struct OutputFiles {
  std::filesystem::path midi, wav, png, mp4;

  /// {"midi": ..., "wav": ..., "png": ..., "mp4": ...} (mp4 only when present).
  nlohmann::json to_json() const;
};

/// The paths DIR/NAME.{mid,wav,png[,mp4]}.
OutputFiles output_paths(const std::filesystem::path& dir, const std::string& name, bool video);

/// Throws InputError naming the first path that already exists (unless `force`), before anything is written.
void check_not_overwriting(const OutputFiles& files, bool force);

/// Throws InputError unless qpm is in the MIDI writer's range and program is 0..127.
void validate(const OutputOptions& options);

/// Writes the files of `melody` (see output_paths); `pictures` and `colours` are the video's key frames
/// (one each for a single picture; A then B for a morph) and the first colour fills the piano roll.
/// Creates `dir` if needed. Throws InputError for existing files without force, Error if writing fails.
OutputFiles write_composition_files(const music::Melody& melody, const std::vector<cv::Mat>& pictures,
                                    const std::vector<render::Rgb>& colours, const std::filesystem::path& dir,
                                    const std::string& name, const OutputOptions& options);

/// How write_composition_files writes a piece's MIDI file: the tempo and the piece's key signature.
music::TracksMidiOptions piece_midi_options(const compose::Arrangement& piece, double qpm);

/// The files of a piece: a multi-track MIDI file (named tracks, programs, tempo, key signature), the WAV of
/// every track mixed, a piano roll of every track (the melody in the first colour) and, on request, the
/// video of the melody with the mix as sound. options.program is not used (each track has its own).
OutputFiles write_composition_files(const compose::Arrangement& piece, const std::vector<cv::Mat>& pictures,
                                    const std::vector<render::Rgb>& colours, const std::filesystem::path& dir,
                                    const std::string& name, const OutputOptions& options);

}  // namespace vec2midi::app
