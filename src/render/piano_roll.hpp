// A piano-roll picture of a melody, or of a piece of several tracks: time left to right (bars and beats
// marked), pitch bottom to top (octaves labelled), notes drawn in the colour of the picture or of their track.
// Usage: cv::Mat img = draw_piano_roll(melody, {.note_colour = {220, 40, 40}}); write_piano_roll_png(...);
//        cv::Mat roll = draw_tracks_piano_roll(tracks, n_steps, {.track_colours = {{220, 40, 40}}});
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "music/melody.hpp"
#include "music/track.hpp"
#include "render/rgb.hpp"

namespace vec2midi::render {

struct PianoRollOptions {
  int width = 1024;                    ///< pixels
  int height = 384;                    ///< pixels
  Rgb note_colour{90, 160, 255};       ///< fill of the notes (the picture's colour)
  Rgb background{24, 26, 33};          ///< dark page, so every colour but black stands out
  int min_pitch_span = 24;             ///< semitones shown at least (two octaves around the notes)
};

/// Options of draw_tracks_piano_roll.
struct TracksPianoRollOptions {
  int width = 1024;                    ///< pixels
  int height = 512;                    ///< pixels
  Rgb background{24, 26, 33};          ///< dark page, as PianoRollOptions
  /// Colour of each track, in order; tracks beyond the list take a default palette of distinct muted
  /// colours (the first of which is PianoRollOptions' note colour).
  std::vector<Rgb> track_colours;
  int min_pitch_span = 24;             ///< semitones shown at least on the pitched tracks' axis
};

/// Draws `melody` (BGR image of options.width x options.height). An empty melody gives an empty grid.
cv::Mat draw_piano_roll(const music::Melody& melody, const PianoRollOptions& options);

/// Draws and writes a PNG atomically. Throws Error if it cannot be written.
void write_piano_roll_png(const music::Melody& melody, const std::filesystem::path& path,
                          const PianoRollOptions& options);

/// Draws a piece of `n_steps` 16th-note steps (BGR image of options.width x options.height): the pitched
/// tracks on one pitch axis spanning all their notes, the first track (the melody) on top; drum-channel
/// tracks in a strip at the bottom, one row per drum pitch used; a legend above the plot with each track's
/// name in its colour. No tracks give the empty grid of draw_piano_roll. Throws InputError below 64x64.
cv::Mat draw_tracks_piano_roll(const std::vector<music::Track>& tracks, int64_t n_steps,
                               const TracksPianoRollOptions& options);

/// The colour draw_tracks_piano_roll gives track `index` when options.track_colours has none for it: a palette
/// of 8 distinct muted colours, repeating; the first is PianoRollOptions' note colour.
Rgb default_track_colour(size_t index);

/// Draws and writes a PNG atomically. Throws Error if it cannot be written.
void write_tracks_piano_roll_png(const std::vector<music::Track>& tracks, int64_t n_steps,
                                 const std::filesystem::path& path, const TracksPianoRollOptions& options);

/// Encodes an image as PNG bytes (for files and HTTP answers; imaging::encode_png).
std::string encode_png(const cv::Mat& image);

}  // namespace vec2midi::render
