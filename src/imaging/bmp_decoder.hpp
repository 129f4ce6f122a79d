// Uncompressed Windows and OS/2 bitmaps to cv::Mat, pixel for pixel as OpenCV 4.6's imgcodecs decoded them
// (its header rules included). Usage: cv::Mat bgr = decode_bmp(bytes);
#pragma once

#include <string_view>

#include <opencv2/core.hpp>

namespace vec2midi::imaging {

/// Decodes a BMP file to 8-bit BGR: 1, 4 and 8-bit palette pictures, 16-bit 5-5-5 or 5-6-5, 24-bit, and 32-bit
/// (its fourth byte dropped); bottom-up or top-down rows. Throws InputError for a corrupt or cut-short file and for
/// RLE-compressed or other bit layouts (OpenCV's RLE4/RLE8 support is not carried over).
cv::Mat decode_bmp(std::string_view bytes);

}  // namespace vec2midi::imaging
