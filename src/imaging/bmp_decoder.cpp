#include "imaging/bmp_decoder.hpp"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "io/error.hpp"

namespace vec2midi::imaging {

namespace {

// BITMAPINFOHEADER's compression field.
constexpr uint32_t kUncompressed = 0;  // BI_RGB
constexpr uint32_t kRle8 = 1;
constexpr uint32_t kRle4 = 2;
constexpr uint32_t kBitFields = 3;
constexpr size_t kFileHeaderBytes = 14;
constexpr uint32_t kCoreHeaderBytes = 12;  ///< OS/2's BITMAPCOREHEADER
constexpr uint32_t kInfoHeaderBytes = 36;  ///< the fields read from a BITMAPINFOHEADER or a longer header

struct Colour {
  uint8_t b = 0, g = 0, r = 0;
};

/// Little-endian reads that refuse to go past the end of the file.
class Bytes {
 public:
  explicit Bytes(std::string_view data) : data_(data) {}
  size_t size() const { return data_.size(); }
  uint8_t u8(size_t i) const {
    need(i, 1);
    return static_cast<uint8_t>(data_[i]);
  }
  uint32_t u16(size_t i) const {
    need(i, 2);
    return uint32_t(u8(i)) | uint32_t(u8(i + 1)) << 8;
  }
  uint32_t u32(size_t i) const { return u16(i) | u16(i + 2) << 16; }
  int32_t s32(size_t i) const { return static_cast<int32_t>(u32(i)); }
  void need(size_t offset, size_t n) const {
    if (offset > data_.size() || n > data_.size() - offset) throw InputError("corrupt BMP (the file ends early)");
  }

 private:
  std::string_view data_;
};

/// What the header declares, in OpenCV's terms: bits 15 means 16-bit 5-5-5, 16 means 5-6-5.
struct Layout {
  int64_t width = 0, height = 0;  ///< height < 0: rows stored top-down
  int bits = 0;
  int64_t pixels_offset = 0;
  std::array<Colour, 256> palette{};  ///< entries the file does not give stay black
};

void read_palette(const Bytes& b, size_t at, size_t n_colours, size_t entry_bytes, Layout& layout) {
  b.need(at, n_colours * entry_bytes);
  for (size_t i = 0; i < n_colours && i < layout.palette.size(); ++i) {
    const size_t e = at + i * entry_bytes;
    layout.palette[i] = {b.u8(e), b.u8(e + 1), b.u8(e + 2)};
  }
}

Layout read_layout(const Bytes& b) {
  Layout layout;
  layout.pixels_offset = b.s32(10);
  const int32_t header_bytes = b.s32(14);
  const auto unsupported = [](const std::string& what) { return InputError("unsupported BMP (" + what + ")"); };
  if (header_bytes == int32_t(kCoreHeaderBytes)) {
    layout.width = b.u16(18);
    layout.height = b.u16(20);
    layout.bits = int(b.u16(24));
    const int n = layout.bits;
    if (layout.width == 0 || layout.height == 0 || (n != 1 && n != 4 && n != 8 && n != 24 && n != 32)) {
      throw unsupported(std::to_string(n) + "-bit OS/2 bitmap or empty size");
    }
    if (n <= 8) read_palette(b, kFileHeaderBytes + kCoreHeaderBytes, size_t(1) << n, 3, layout);
    return layout;
  }
  if (header_bytes < int32_t(kInfoHeaderBytes)) throw InputError("corrupt BMP (a header of " + std::to_string(header_bytes) + " bytes)");
  layout.width = b.s32(18);
  layout.height = b.s32(22);
  layout.bits = int(b.u16(28));
  const uint32_t compression = b.u32(30);
  const int32_t n_colours = b.s32(46);
  const size_t after_header = kFileHeaderBytes + size_t(header_bytes);
  const int n = layout.bits;
  if (layout.width <= 0 || layout.height == 0) throw InputError("corrupt BMP (empty size)");
  if ((n == 4 && compression == kRle4) || (n == 8 && compression == kRle8)) throw unsupported("RLE-compressed");
  const bool plain = compression == kUncompressed && (n == 1 || n == 4 || n == 8 || n == 24 || n == 32);
  const bool masked = (n == 16 || n == 32) && (compression == kUncompressed || compression == kBitFields);
  if (!plain && !masked) throw unsupported(std::to_string(n) + "-bit, compression " + std::to_string(compression));
  if (n <= 8) {
    if (n_colours < 0 || n_colours > 256) throw InputError("corrupt BMP (" + std::to_string(n_colours) + " palette colours)");
    read_palette(b, after_header, n_colours == 0 ? size_t(1) << n : size_t(n_colours), 4, layout);
  } else if (n == 16 && compression == kBitFields) {
    // The red, green and blue masks, read after the header whatever its size (as OpenCV did).
    const uint32_t red = b.u32(after_header), green = b.u32(after_header + 4), blue = b.u32(after_header + 8);
    if (blue == 0x1F && green == 0x3E0 && red == 0x7C00) {
      layout.bits = 15;
    } else if (!(blue == 0x1F && green == 0x7E0 && red == 0xF800)) {
      throw unsupported("16-bit masks other than 5-5-5 and 5-6-5");
    }
  } else if (n == 16) {
    layout.bits = 15;  // uncompressed 16-bit is 5-5-5
  }
  return layout;
}

/// One stored row of `width` pixels to BGR.
void convert_row(const Layout& layout, const uint8_t* src, int64_t width, uint8_t* dst) {
  for (int64_t x = 0; x < width; ++x, dst += 3) {
    Colour c;
    switch (layout.bits) {
      case 1: c = layout.palette[(src[x >> 3] >> (7 - (x & 7))) & 1]; break;
      case 4: c = layout.palette[(src[x >> 1] >> ((x & 1) ? 0 : 4)) & 15]; break;
      case 8: c = layout.palette[src[x]]; break;
      case 15: {
        const uint32_t v = src[2 * x] | uint32_t(src[2 * x + 1]) << 8;
        c = {uint8_t((v << 3) & 0xF8), uint8_t((v >> 2) & 0xF8), uint8_t((v >> 7) & 0xF8)};
        break;
      }
      case 16: {
        const uint32_t v = src[2 * x] | uint32_t(src[2 * x + 1]) << 8;
        c = {uint8_t((v << 3) & 0xF8), uint8_t((v >> 3) & 0xFC), uint8_t((v >> 8) & 0xF8)};
        break;
      }
      case 24: c = {src[3 * x], src[3 * x + 1], src[3 * x + 2]}; break;
      default: c = {src[4 * x], src[4 * x + 1], src[4 * x + 2]}; break;  // 32
    }
    dst[0] = c.b;
    dst[1] = c.g;
    dst[2] = c.r;
  }
}

}  // namespace

cv::Mat decode_bmp(std::string_view bytes) {
  const Bytes b(bytes);
  if (bytes.substr(0, 2) != "BM") throw InputError("corrupt BMP (no BM signature)");
  const Layout layout = read_layout(b);
  const int64_t height = std::abs(layout.height);
  const int64_t stored_bits = layout.bits == 15 ? 16 : layout.bits;
  const int64_t pitch = ((layout.width * stored_bits + 7) / 8 + 3) & ~int64_t(3);  // rows padded to 4 bytes
  if (layout.pixels_offset < 0) throw InputError("corrupt BMP (negative pixel offset)");
  b.need(size_t(layout.pixels_offset), size_t(pitch * height));
  cv::Mat image(int(height), int(layout.width), CV_8UC3);
  const auto* pixels = reinterpret_cast<const uint8_t*>(bytes.data()) + layout.pixels_offset;
  for (int64_t row = 0; row < height; ++row) {
    const int64_t y = layout.height > 0 ? height - 1 - row : row;  // positive height: the bottom row comes first
    convert_row(layout, pixels + row * pitch, layout.width, image.ptr<uint8_t>(int(y)));
  }
  return image;
}

}  // namespace vec2midi::imaging
