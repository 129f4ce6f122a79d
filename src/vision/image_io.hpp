// Loading pictures for Image2Vec: JPEG, PNG, BMP and WebP (src/imaging: libjpeg-turbo, libpng, libwebp, the same
// pixels OpenCV's imgcodecs gave), EXIF orientation honoured, transparency put on white, and a pixel limit checked
// from the header before decoding.
// Usage: cv::Mat bgr = load_image("photo.jpg");  // 8-bit, 3 channels, BGR; throws InputError
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include <opencv2/core.hpp>

namespace vec2midi::vision {

struct ImageLoadOptions {
  int64_t max_pixels = int64_t(64) << 20;  ///< refuse images declaring more pixels (64 Mi px; bomb guard)
  int64_t max_file_bytes = int64_t(256) << 20;  ///< refuse larger files (256 MiB)
};

/// Decodes an in-memory image file. `name` is used in error messages (a path or "upload").
/// Returns an 8-bit 3-channel BGR image, rotated/flipped per its EXIF orientation. Throws
/// InputError if the bytes are not a JPEG/PNG/BMP/WebP image, are corrupt, or exceed the pixel limit.
cv::Mat decode_image(std::string_view bytes, std::string_view name, const ImageLoadOptions& options = {});

/// Reads and decodes the image file at `path` (see decode_image()).
cv::Mat load_image(const std::filesystem::path& path, const ImageLoadOptions& options = {});

/// True if `path` has an extension Image2Vec reads (.jpg .jpeg .png .bmp .webp, any case).
bool has_image_extension(const std::filesystem::path& path);

}  // namespace vec2midi::vision
