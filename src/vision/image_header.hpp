// Reads the format and pixel size of an image from its first bytes, without decoding it, so
// that decompression bombs can be refused before any pixel memory is allocated.
// Usage: auto header = read_image_header(bytes); if (!header) refuse(); header->width * header->height;
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace vec2midi::vision {

/// The container formats Image2Vec accepts.
enum class ImageFormat { kJpeg, kPng, kBmp, kWebp };

/// The name of `format` ("JPEG", "PNG", "BMP", "WebP").
std::string_view format_name(ImageFormat format);

/// What the header of an image file declares.
struct ImageHeader {
  ImageFormat format = ImageFormat::kJpeg;
  int64_t width = 0;   ///< pixels, as declared by the file
  int64_t height = 0;  ///< pixels, as declared by the file
};

/// The format and declared size of the image in `bytes` (JPEG SOF marker, PNG IHDR, BMP info
/// header, WebP VP8/VP8L/VP8X chunk), or nullopt if the bytes are not one of those formats or
/// the header is truncated.
std::optional<ImageHeader> read_image_header(std::string_view bytes);

/// Whether a JPEG file is whole: after the main image's first start-of-scan segment (found by walking the
/// marker segments, so an EXIF thumbnail's markers do not count) an end-of-image marker FF D9 follows.
/// libjpeg decodes a file cut short without an error, filling the missing part with grey.
bool jpeg_has_end_marker(std::string_view bytes);

}  // namespace vec2midi::vision
