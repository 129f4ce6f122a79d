#include "imaging/exif_orientation.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace vec2midi::imaging {

namespace {

// IFD0 tags whose values OpenCV 4.6 read (and so could stop at); the tag numbers are TIFF 6.0's / EXIF 2.32's.
constexpr uint16_t kOrientationTag = 0x0112;
constexpr uint16_t kStringTags[] = {0x010E, 0x010F, 0x0110, 0x0131, 0x0132, 0x8298};  // description, make, model, ...
constexpr uint16_t kShortTags[] = {0x0128, 0x0213};                                    // resolution unit, YCbCr positioning
struct RationalTag {
  uint16_t tag;
  int n_values;  ///< unsigned rationals (8 bytes each) at the entry's offset
};
constexpr RationalTag kRationalTags[] = {{0x011A, 1}, {0x011B, 1}, {0x013E, 2}, {0x013F, 6}, {0x0211, 3}, {0x0214, 6}};
constexpr size_t kEntryBytes = 12;     ///< tag, type, count, value or offset
constexpr size_t kInlineValueBytes = 4;  ///< values up to this size sit in the entry itself

/// A read past the end of the block: the walk over IFD0 stops there.
struct OutOfRange {};

/// The TIFF block's integers in its byte order ("II" little-endian, anything else big-endian, as OpenCV read it).
class TiffBytes {
 public:
  explicit TiffBytes(std::string_view data)
      : data_(data), little_endian_(!data.empty() && data[0] == 'I' && (data.size() == 1 || data[1] == 'I')) {}

  size_t size() const { return data_.size(); }

  uint32_t u16(size_t offset) const {
    if (offset + 1 >= data_.size()) throw OutOfRange{};
    const uint32_t a = byte(offset), b = byte(offset + 1);
    return little_endian_ ? a | b << 8 : a << 8 | b;
  }

  uint32_t u32(size_t offset) const {
    if (offset + 3 >= data_.size()) throw OutOfRange{};
    const uint32_t lo = u16(little_endian_ ? offset : offset + 2), hi = u16(little_endian_ ? offset + 2 : offset);
    return hi << 16 | lo;
  }

 private:
  uint32_t byte(size_t i) const { return static_cast<unsigned char>(data_[i]); }

  std::string_view data_;
  bool little_endian_;
};

template <size_t N>
bool contains(const uint16_t (&tags)[N], uint32_t tag) {
  for (uint16_t t : tags) {
    if (t == tag) return true;
  }
  return false;
}

/// Reads the value of the IFD entry at `entry` the way OpenCV did for its tag (throwing OutOfRange where OpenCV
/// stopped); returns the Orientation if it is that tag.
std::optional<int> read_entry(const TiffBytes& tiff, size_t entry) {
  const uint32_t tag = tiff.u16(entry);
  if (tag == kOrientationTag) return int(tiff.u16(entry + 8));
  if (contains(kShortTags, tag)) {
    tiff.u16(entry + 8);
  } else if (contains(kStringTags, tag)) {
    const size_t length = tiff.u32(entry + 4);
    // OpenCV took a short string's bytes from offset 8 of the block (not of the entry); only the bounds matter here.
    const size_t start = length > kInlineValueBytes ? tiff.u32(entry + 8) : 8;
    if (start > tiff.size() || start + length > tiff.size()) throw OutOfRange{};
  } else {
    for (const RationalTag& r : kRationalTags) {
      if (r.tag != tag) continue;
      const uint32_t first = tiff.u32(entry + 8);
      for (int i = 0; i < r.n_values; ++i) tiff.u32(size_t(uint32_t(first + 8 * i)) + 4);  // numerator, denominator
    }
  }
  return std::nullopt;
}

}  // namespace

int exif_orientation(std::string_view tiff_bytes) {
  const TiffBytes tiff(tiff_bytes);
  std::optional<int> orientation;
  try {
    if (tiff.u16(2) != 0x2A) return kUprightOrientation;  // TIFF's magic number
    size_t entry = tiff.u32(4);
    const size_t n_entries = tiff.u16(entry);
    entry += 2;
    for (size_t i = 0; i < n_entries; ++i, entry += kEntryBytes) {
      const std::optional<int> value = read_entry(tiff, entry);
      if (value && !orientation) orientation = value;  // the first one counts
    }
  } catch (const OutOfRange&) {
  }
  return orientation.value_or(kUprightOrientation);
}

cv::Mat apply_exif_orientation(const cv::Mat& image, int orientation) {
  cv::Mat out;
  switch (orientation) {
    case 2: cv::flip(image, out, 1); break;   // mirrored left to right
    case 3: cv::flip(image, out, -1); break;  // turned 180°
    case 4: cv::flip(image, out, 0); break;   // mirrored top to bottom
    case 5: cv::transpose(image, out); break;
    case 6:  // turned 90° clockwise
      cv::transpose(image, out);
      cv::flip(out, out, 1);
      break;
    case 7:
      cv::transpose(image, out);
      cv::flip(out, out, -1);
      break;
    case 8:  // turned 90° anticlockwise
      cv::transpose(image, out);
      cv::flip(out, out, 0);
      break;
    default: return image;
  }
  return out;
}

}  // namespace vec2midi::imaging
