// Pictures to files, atomically: PNG (src/imaging, libpng) and animated GIF. OpenCV 4.6 cannot write GIF, so the frames
// go to a temporary folder as PNG and Debian's ffmpeg encodes them (palettegen + paletteuse, looping
// forever); the result replaces the target atomically. Usage: write_png("roc.png", img); write_gif("spin.gif", frames, 15);
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include <opencv2/core.hpp>

namespace vec2midi::render {

/// Writes `frames` (8-bit BGR, all the same size) as a looping GIF at `fps` frames per second.
/// Throws Error if ffmpeg is missing or fails (naming the path); never leaves a partial file.
void write_gif(const std::filesystem::path& path, const std::vector<cv::Mat>& frames, int64_t fps);

/// Writes one image as PNG atomically. Throws Error naming the path.
void write_png(const std::filesystem::path& path, const cv::Mat& image);

}  // namespace vec2midi::render
