#include "imaging/exif_orientation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace vec2midi::imaging {
namespace {

std::string u16(int v, bool little) {
  const char lo = char(v & 0xFF), hi = char(v >> 8 & 0xFF);
  return little ? std::string{lo, hi} : std::string{hi, lo};
}
std::string u32(uint32_t v, bool little) {
  return little ? u16(int(v & 0xFFFF), true) + u16(int(v >> 16), true) : u16(int(v >> 16), false) + u16(int(v & 0xFFFF), false);
}

/// A 12-byte IFD entry whose value (or offset to it) is `value`; SHORT values sit in the first two value bytes.
std::string entry(int tag, int type, uint32_t count, uint32_t value, bool little) {
  const std::string v = type == 3 ? u16(int(value), little) + std::string(2, '\0') : u32(value, little);
  return u16(tag, little) + u16(type, little) + u32(count, little) + v;
}

/// A TIFF block with IFD0 at offset 8 holding `entries`, then 32 spare bytes.
std::string tiff(const std::vector<std::string>& entries, bool little = true) {
  std::string t = std::string(little ? "II" : "MM") + u16(0x2A, little) + u32(8, little) + u16(int(entries.size()), little);
  for (const std::string& e : entries) t += e;
  return t + u32(0, little) + std::string(32, '\0');
}

constexpr int kShort = 3, kAscii = 2, kRational = 5;

TEST(ExifOrientation, ReadsTheTagInBothByteOrders) {
  for (bool little : {true, false}) {
    for (int o = 1; o <= 8; ++o) EXPECT_EQ(exif_orientation(tiff({entry(0x0112, kShort, 1, o, little)}, little)), o);
  }
}

TEST(ExifOrientation, WithoutATiffHeaderThePictureIsUpright) {
  EXPECT_EQ(exif_orientation(""), kUprightOrientation);
  EXPECT_EQ(exif_orientation("//ns.adobe.com/xap/1.0/"), kUprightOrientation);  // an XMP APP1
  EXPECT_EQ(exif_orientation(tiff({entry(0x0110, kAscii, 3, 0, true)})), kUprightOrientation);
}

TEST(ExifOrientation, TheFirstOrientationEntryCounts) {
  EXPECT_EQ(exif_orientation(tiff({entry(0x0112, kShort, 1, 3, true), entry(0x0112, kShort, 1, 6, true)})), 3);
}

TEST(ExifOrientation, TheWalkStopsAtAnUnreadableTagAsOpenCvs) {
  // A camera-model string and primary chromaticities pointing past the end: OpenCV stopped there.
  EXPECT_EQ(exif_orientation(tiff({entry(0x0110, kAscii, 500, 40, true), entry(0x0112, kShort, 1, 6, true)})), 1);
  EXPECT_EQ(exif_orientation(tiff({entry(0x013F, kRational, 6, 60, true), entry(0x0112, kShort, 1, 6, true)})), 1);
  // What was found before the unreadable entry is kept; readable ones do not stop it.
  EXPECT_EQ(exif_orientation(tiff({entry(0x0112, kShort, 1, 8, true), entry(0x0110, kAscii, 500, 40, true)})), 8);
  EXPECT_EQ(exif_orientation(tiff({entry(0x011A, kRational, 1, 40, true), entry(0x0112, kShort, 1, 5, true)})), 5);
}

TEST(ExifOrientation, EachValueTurnsThePictureUpright) {
  // in(y, x) = 10 y + x on 2 rows x 3 columns; where each output pixel comes from, per EXIF 2.32 §4.6.4.
  cv::Mat in(2, 3, CV_8U);
  for (int y = 0; y < 2; ++y) for (int x = 0; x < 3; ++x) in.at<uchar>(y, x) = uchar(10 * y + x);
  const int h = 2, w = 3;
  const auto source = [&](int o, int y, int x) {
    switch (o) {
      case 2: return in.at<uchar>(y, w - 1 - x);
      case 3: return in.at<uchar>(h - 1 - y, w - 1 - x);
      case 4: return in.at<uchar>(h - 1 - y, x);
      case 5: return in.at<uchar>(x, y);
      case 6: return in.at<uchar>(h - 1 - x, y);  // turned 90° clockwise
      case 7: return in.at<uchar>(h - 1 - x, w - 1 - y);
      case 8: return in.at<uchar>(x, w - 1 - y);  // turned 90° anticlockwise
      default: return in.at<uchar>(y, x);
    }
  };
  for (int o = 0; o <= 9; ++o) {
    const cv::Mat out = apply_exif_orientation(in, o);
    const bool turned = o >= 5 && o <= 8;
    ASSERT_EQ(out.rows, turned ? w : h) << o;
    ASSERT_EQ(out.cols, turned ? h : w) << o;
    for (int y = 0; y < out.rows; ++y) {
      for (int x = 0; x < out.cols; ++x) EXPECT_EQ(out.at<uchar>(y, x), source(o, y, x)) << "orientation " << o;
    }
  }
}

}  // namespace
}  // namespace vec2midi::imaging
