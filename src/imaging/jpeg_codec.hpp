// JPEG files to and from cv::Mat through libjpeg-turbo, with the settings OpenCV 4.6's imgcodecs used, so that a
// picture decodes to the pixels cv::imdecode gave and a scene encodes to the bytes cv::imencode wrote.
// Usage: cv::Mat bgr = decode_jpeg(bytes); std::string jpg = encode_jpeg(bgr, {.quality = 90});
#pragma once

#include <string>
#include <string_view>

#include <opencv2/core.hpp>

namespace vec2midi::imaging {

struct JpegEncodeOptions {
  int quality = 95;  ///< libjpeg quality 1..100 (IJG scale; 95 is OpenCV's IMWRITE_JPEG_QUALITY default)
};

/// Decodes a JPEG file to 8-bit 3-channel BGR, turned upright per its EXIF orientation (exif_orientation.hpp).
/// libjpeg's default decoding (accurate integer IDCT, fancy upsampling); grey pictures repeated into the three
/// channels, CMYK ones converted as OpenCV converted them. Throws InputError if the bytes are corrupt or end early.
cv::Mat decode_jpeg(std::string_view bytes);

/// Encodes an 8-bit picture (1 channel grey, 3 BGR, or 4 BGRA with the alpha dropped) as a baseline JFIF JPEG with
/// libjpeg's defaults (4:2:0 chroma, standard Huffman tables), as cv::imencode(".jpg") did. Throws Error.
std::string encode_jpeg(const cv::Mat& image, const JpegEncodeOptions& options = {});

}  // namespace vec2midi::imaging
