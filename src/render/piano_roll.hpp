// A piano-roll picture of a melody: time left to right (bars and beats marked), pitch bottom to top
// (octaves labelled), notes drawn in the colour of the picture the melody came from.
// Usage: cv::Mat img = draw_piano_roll(melody, {.note_colour = {220, 40, 40}}); write_piano_roll_png(...);
#pragma once

#include <filesystem>

#include <opencv2/core.hpp>

#include "music/melody.hpp"
#include "render/rgb.hpp"

namespace vec2midi::render {

struct PianoRollOptions {
  int width = 1024;                    ///< pixels
  int height = 384;                    ///< pixels
  Rgb note_colour{90, 160, 255};       ///< fill of the notes (the picture's colour)
  Rgb background{24, 26, 33};          ///< dark page, so every colour but black stands out
  int min_pitch_span = 24;             ///< semitones shown at least (two octaves around the notes)
};

/// Draws `melody` (BGR image of options.width x options.height). An empty melody gives an empty grid.
cv::Mat draw_piano_roll(const music::Melody& melody, const PianoRollOptions& options);

/// Draws and writes a PNG atomically. Throws Error if it cannot be written.
void write_piano_roll_png(const music::Melody& melody, const std::filesystem::path& path,
                          const PianoRollOptions& options);

/// Encodes an image as PNG bytes (for files and HTTP answers).
std::string encode_png(const cv::Mat& image);

}  // namespace vec2midi::render
