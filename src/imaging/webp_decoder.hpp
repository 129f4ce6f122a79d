// Still WebP files (lossy or lossless, with or without alpha) to cv::Mat through libwebp, as OpenCV 4.6's
// imgcodecs decoded them. Usage: cv::Mat bgr_or_bgra = decode_webp(bytes);
#pragma once

#include <string_view>

#include <opencv2/core.hpp>

namespace vec2midi::imaging {

/// Decodes a still WebP file to 8-bit BGRA if its header declares alpha, else to 8-bit BGR (the choice
/// cv::imdecode(IMREAD_UNCHANGED) made). Throws InputError if the bytes are corrupt or hold an animation.
cv::Mat decode_webp(std::string_view bytes);

}  // namespace vec2midi::imaging
