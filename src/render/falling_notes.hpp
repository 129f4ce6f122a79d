// A Synthesia-style video of a melody: notes fall onto a keyboard in the picture's colour, keys light
// up while they sound, the picture is shown beside the keyboard, and the WAV is the sound track.
// Frames are drawn with OpenCV and piped to Debian's ffmpeg, which encodes H.264 and muxes the audio.
// Usage: write_falling_notes_video({.melody = m, .pictures = {img}, .colours = {red}}, "a.wav", "a.mp4", {});
#pragma once

#include <filesystem>
#include <vector>

#include <opencv2/core.hpp>

#include "music/constants.hpp"
#include "music/melody.hpp"
#include "render/rgb.hpp"

namespace vec2midi::render {

/// What the video shows. Pictures and colours are key frames spread evenly over the melody and
/// cross-faded between (one of each for a single picture; several for a morph from A to B).
struct FallingNotesScene {
  music::Melody melody;
  std::vector<cv::Mat> pictures;  ///< BGR images, at least one
  std::vector<Rgb> colours;       ///< note colours, at least one
};

struct VideoOptions {
  int width = 1280;                 ///< pixels (even)
  int height = 720;                 ///< pixels (even)
  double fps = 30.0;                ///< frames per second
  double qpm = music::kDefaultQpm;  ///< tempo of the melody, quarter notes per minute
  double fall_seconds = 2.0;        ///< time a note takes to fall from the top to the keys (lead-in)
  double tail_seconds = 1.0;        ///< after the last note
  std::string ffmpeg = "ffmpeg";    ///< the ffmpeg program (Debian package ffmpeg)
};

/// Draws the frame at `seconds` after the start of the lead-in (BGR, options.width x options.height).
cv::Mat draw_falling_notes_frame(const FallingNotesScene& scene, double seconds, const VideoOptions& options);

/// Number of frames of the whole video.
int64_t falling_notes_frame_count(const FallingNotesScene& scene, const VideoOptions& options);

/// Renders all frames, muxes `wav` (delayed by the lead-in) and writes an MP4 atomically.
/// Throws Error if ffmpeg is missing or fails.
void write_falling_notes_video(const FallingNotesScene& scene, const std::filesystem::path& wav,
                               const std::filesystem::path& mp4, const VideoOptions& options);

}  // namespace vec2midi::render
