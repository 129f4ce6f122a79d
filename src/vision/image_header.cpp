#include "vision/image_header.hpp"

#include <cstdlib>

namespace vec2midi::vision {

namespace {

uint32_t u8(std::string_view b, size_t i) { return static_cast<unsigned char>(b[i]); }
uint32_t be16(std::string_view b, size_t i) { return u8(b, i) << 8 | u8(b, i + 1); }
uint32_t be32(std::string_view b, size_t i) { return be16(b, i) << 16 | be16(b, i + 2); }
uint32_t le16(std::string_view b, size_t i) { return u8(b, i) | u8(b, i + 1) << 8; }
uint32_t le24(std::string_view b, size_t i) { return le16(b, i) | u8(b, i + 2) << 16; }
uint32_t le32(std::string_view b, size_t i) { return le16(b, i) | le16(b, i + 2) << 16; }

std::optional<ImageHeader> jpeg_header(std::string_view b) {
  // Walk the marker segments up to the first start-of-frame (SOF0..SOF15 except DHT, JPG, DAC).
  size_t i = 2;
  while (i + 4 <= b.size()) {
    if (u8(b, i) != 0xFF) return std::nullopt;
    const uint32_t marker = u8(b, i + 1);
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {  // no length
      i += 2;
      continue;
    }
    const uint32_t length = be16(b, i + 2);
    if (length < 2) return std::nullopt;
    const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      if (i + 9 > b.size()) return std::nullopt;
      return ImageHeader{ImageFormat::kJpeg, be16(b, i + 7), be16(b, i + 5)};
    }
    if (marker == 0xD9 || marker == 0xDA) return std::nullopt;  // end of image / scan before any frame
    i += 2 + length;
  }
  return std::nullopt;
}

std::optional<ImageHeader> webp_header(std::string_view b) {
  if (b.size() < 30) return std::nullopt;
  const std::string_view chunk = b.substr(12, 4);
  if (chunk == "VP8 ") {
    // Lossy: frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
    if (u8(b, 23) != 0x9D || u8(b, 24) != 0x01 || u8(b, 25) != 0x2A) return std::nullopt;
    return ImageHeader{ImageFormat::kWebp, le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF};
  }
  if (chunk == "VP8L") {
    // Lossless: signature 0x2f, then 14 bits width-1 and 14 bits height-1.
    if (u8(b, 20) != 0x2F) return std::nullopt;
    const uint32_t bits = le32(b, 21);
    return ImageHeader{ImageFormat::kWebp, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
  }
  if (chunk == "VP8X") {
    // Extended: 24-bit canvas width-1 and height-1.
    return ImageHeader{ImageFormat::kWebp, int64_t(le24(b, 24)) + 1, int64_t(le24(b, 27)) + 1};
  }
  return std::nullopt;
}

}  // namespace

std::string_view format_name(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg: return "JPEG";
    case ImageFormat::kPng: return "PNG";
    case ImageFormat::kBmp: return "BMP";
    case ImageFormat::kWebp: return "WebP";
  }
  return "?";
}

std::optional<ImageHeader> read_image_header(std::string_view b) {
  if (b.size() >= 3 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8 && u8(b, 2) == 0xFF) return jpeg_header(b);
  if (b.size() >= 24 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) {
    if (b.substr(12, 4) != "IHDR") return std::nullopt;
    return ImageHeader{ImageFormat::kPng, be32(b, 16), be32(b, 20)};
  }
  if (b.size() >= 26 && b.substr(0, 2) == "BM") {
    const uint32_t info_size = le32(b, 14);
    if (info_size == 12) return ImageHeader{ImageFormat::kBmp, le16(b, 18), le16(b, 20)};  // OS/2 core header
    const auto width = int32_t(le32(b, 18)), height = int32_t(le32(b, 22));  // height < 0: top-down rows
    return ImageHeader{ImageFormat::kBmp, std::abs(int64_t(width)), std::abs(int64_t(height))};
  }
  if (b.size() >= 16 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return webp_header(b);
  return std::nullopt;
}

bool jpeg_has_end_marker(std::string_view bytes) {
  const auto byte = [&](size_t i) { return uint8_t(bytes[i]); };
  if (bytes.size() < 4 || byte(0) != 0xFF || byte(1) != 0xD8) return false;
  size_t pos = 2;
  while (pos + 4 <= bytes.size()) {
    if (byte(pos) != 0xFF) return false;
    const uint8_t marker = byte(pos + 1);
    if (marker == 0xFF) {  // fill byte
      ++pos;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {  // markers without a length
      pos += 2;
      continue;
    }
    if (marker == 0xD9) return false;  // an end before any scan: no image data
    const size_t length = size_t(byte(pos + 2)) << 8 | byte(pos + 3);
    if (marker == 0xDA) return bytes.find("\xFF\xD9", pos + 2 + length) != std::string_view::npos;
    pos += 2 + length;
  }
  return false;
}

}  // namespace vec2midi::vision
