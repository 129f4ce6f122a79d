// PNG files to and from cv::Mat through libpng, with the transforms and settings OpenCV 4.6's imgcodecs used, so
// that a picture decodes to the pixels cv::imdecode(IMREAD_UNCHANGED) gave and an image encodes to the bytes
// cv::imencode(".png") wrote. Usage: cv::Mat img = decode_png(bytes); std::string png = encode_png(img);
#pragma once

#include <string>
#include <string_view>

#include <opencv2/core.hpp>

namespace vec2midi::imaging {

/// Decodes a PNG file as stored: 8-bit (1, 2 and 4-bit grey widened) or 16-bit samples; 1 channel for grey,
/// 4 (BGRA) for grey+alpha, RGBA, or a palette or RGB picture with a tRNS chunk (its transparent colour becoming
/// alpha 0), else 3 (BGR). Interlaced files are deinterlaced. Throws InputError if the bytes are corrupt.
cv::Mat decode_png(std::string_view bytes);

/// Encodes an 8- or 16-bit picture with 1 (grey), 3 (BGR) or 4 (BGRA) channels as a non-interlaced PNG, as
/// cv::imencode(".png") did by default: the Sub filter on every row, zlib level 1 (Z_BEST_SPEED) and the Z_RLE
/// strategy. Throws Error.
std::string encode_png(const cv::Mat& image);

}  // namespace vec2midi::imaging
