#include "imaging/bmp_decoder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::imaging {
namespace {

// OpenCV's imgcodecs is the reference these tests hold the decoder to, exactly.
cv::Mat opencv_decode(const std::string& bytes) {
  return cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data())), cv::IMREAD_COLOR);
}

std::string opencv_encode(const cv::Mat& image) {
  std::vector<uchar> bytes;
  EXPECT_TRUE(cv::imencode(".bmp", image, bytes));
  return std::string(bytes.begin(), bytes.end());
}

bool same_pixels(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

std::string le16(uint32_t v) { return {char(v & 0xFF), char(v >> 8 & 0xFF)}; }
std::string le32(uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); }

/// A BMP with a 40-byte info header (layouts cv::imencode does not write); `height` < 0 stores rows top-down.
std::string bmp_file(int width, int height, int bits, uint32_t compression, const std::string& palette_or_masks,
                     const std::string& pixels) {
  const std::string info = le32(40) + le32(uint32_t(width)) + le32(uint32_t(height)) + le16(1) + le16(uint32_t(bits)) +
                           le32(compression) + le32(uint32_t(pixels.size())) + le32(0) + le32(0) + le32(0) + le32(0);
  const uint32_t offset = 14 + 40 + uint32_t(palette_or_masks.size());
  return "BM" + le32(offset + uint32_t(pixels.size())) + le32(0) + le32(offset) + info + palette_or_masks + pixels;
}

TEST(BmpDecoder, DecodesWhatOpenCvWroteAsOpenCvDid) {
  cv::Mat bgr(9, 7, CV_8UC3), grey(5, 6, CV_8UC1);  // odd widths: rows padded to 4 bytes
  cv::randu(bgr, 0, 256);
  cv::randu(grey, 0, 256);
  for (const cv::Mat& image : {bgr, grey}) {
    const std::string bytes = opencv_encode(image);  // 24-bit, or 8-bit with a grey palette
    EXPECT_TRUE(same_pixels(decode_bmp(bytes), opencv_decode(bytes))) << image.channels() << " channels";
  }
  const std::string fixture = io::read_file(testing::test_data_path("fuzz/image_loader/blue_5x3.bmp"));
  EXPECT_TRUE(same_pixels(decode_bmp(fixture), opencv_decode(fixture)));
}

TEST(BmpDecoder, ThirtyTwoBitTopDownDropsTheFourthByte) {
  const std::string pixels = std::string("\x01\x02\x03\xFF\x04\x05\x06\x00", 8) + std::string("\x07\x08\x09\x10\x0A\x0B\x0C\x20", 8);
  const std::string bytes = bmp_file(2, -2, 32, 0, "", pixels);
  const cv::Mat image = decode_bmp(bytes);
  ASSERT_EQ(image.type(), CV_8UC3);
  EXPECT_EQ(image.at<cv::Vec3b>(0, 1), cv::Vec3b(4, 5, 6));  // top-down: the first stored row is the top
  EXPECT_EQ(image.at<cv::Vec3b>(1, 0), cv::Vec3b(7, 8, 9));
  EXPECT_TRUE(same_pixels(image, opencv_decode(bytes)));
}

TEST(BmpDecoder, SixteenBitAndFourBitAsOpenCvDid) {
  const std::string masks_565 = le32(0xF800) + le32(0x07E0) + le32(0x001F);
  const std::string rgb565 = bmp_file(2, 2, 16, 3, masks_565, std::string("\x1F\x00\xE0\x07\x00\xF8\xFF\xFF", 8));
  const cv::Mat image = decode_bmp(rgb565);
  EXPECT_EQ(image.at<cv::Vec3b>(1, 0), cv::Vec3b(248, 0, 0));  // bottom-up: the first stored row is the bottom
  EXPECT_TRUE(same_pixels(image, opencv_decode(rgb565)));
  const std::string rgb555 = bmp_file(2, 1, 16, 0, "", std::string("\x1F\x7C\xE0\x03", 4));
  EXPECT_TRUE(same_pixels(decode_bmp(rgb555), opencv_decode(rgb555)));
  std::string palette;
  for (int i = 0; i < 16; ++i) palette += std::string{char(16 * i), char(255 - 16 * i), char(i), 0};
  const std::string four_bit = bmp_file(3, 2, 4, 0, palette, std::string("\x1F\x20\0\0\xA5\xC0\0\0", 8));
  EXPECT_TRUE(same_pixels(decode_bmp(four_bit), opencv_decode(four_bit)));
}

TEST(BmpDecoder, RleAndCutShortFilesAreInputErrors) {
  const std::string rle8 = bmp_file(4, 1, 8, 1, std::string(1024, '\x40'), std::string("\x04\x01\x00\x01", 4));
  try {
    decode_bmp(rle8);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("RLE"), std::string::npos) << e.what();
  }
  cv::Mat bgr(9, 7, CV_8UC3, cv::Scalar(1, 2, 3));
  const std::string bytes = opencv_encode(bgr);
  EXPECT_THROW(decode_bmp(bytes.substr(0, bytes.size() - 1)), InputError);
  EXPECT_THROW(decode_bmp(bytes.substr(0, 30)), InputError);
}

}  // namespace
}  // namespace vec2midi::imaging
