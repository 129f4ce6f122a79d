#include "imaging/png_codec.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <zlib.h>

#include "io/error.hpp"

namespace vec2midi::imaging {
namespace {

// OpenCV's imgcodecs is the reference these tests hold the codec to, exactly.
cv::Mat opencv_decode(const std::string& bytes) {
  return cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data())), cv::IMREAD_UNCHANGED);
}

std::string opencv_encode(const cv::Mat& image) {
  std::vector<uchar> bytes;
  EXPECT_TRUE(cv::imencode(".png", image, bytes));
  return std::string(bytes.begin(), bytes.end());
}

bool same_pixels(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

std::string be32(uint32_t v) { return {char(v >> 24), char(v >> 16 & 0xFF), char(v >> 8 & 0xFF), char(v & 0xFF)}; }

std::string chunk(const std::string& type, const std::string& data) {
  const std::string body = type + data;
  return be32(uint32_t(data.size())) + body + be32(uint32_t(crc32(0, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()))));
}

/// A PNG file made by hand (layouts cv::imencode does not write): IHDR, `extra` chunks, one IDAT of `scanlines`
/// (each row starting with its filter byte).
std::string png_file(int width, int height, int bit_depth, int colour_type, const std::string& extra, const std::string& scanlines) {
  uLongf n = compressBound(uLong(scanlines.size()));
  std::string deflated(n, '\0');
  compress(reinterpret_cast<Bytef*>(deflated.data()), &n, reinterpret_cast<const Bytef*>(scanlines.data()), uLong(scanlines.size()));
  deflated.resize(n);
  const std::string ihdr = be32(uint32_t(width)) + be32(uint32_t(height)) + char(bit_depth) + char(colour_type) + std::string(3, '\0');
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + extra + chunk("IDAT", deflated) + chunk("IEND", "");
}

cv::Mat noise(int rows, int cols, int type) {
  cv::Mat m(rows, cols, type);
  cv::randu(m, 0, CV_MAT_DEPTH(type) == CV_16U ? 65536 : 256);
  return m;
}

TEST(PngCodec, DecodesWhatOpenCvWroteAsOpenCvDid) {
  for (int depth : {CV_8U, CV_16U}) {
    for (int channels : {1, 3, 4}) {
      const std::string png = opencv_encode(noise(13, 29, CV_MAKETYPE(depth, channels)));
      const cv::Mat image = decode_png(png);
      EXPECT_EQ(image.type(), CV_MAKETYPE(depth, channels));
      EXPECT_TRUE(same_pixels(image, opencv_decode(png))) << "depth " << depth << " channels " << channels;
    }
  }
}

TEST(PngCodec, PaletteWithTransparencyBecomesBgra) {
  const std::string palette = chunk("PLTE", std::string("\xFF\0\0\0\xFF\0\0\0\xFF", 9));  // red, green, blue
  const std::string alpha = chunk("tRNS", std::string("\x80\0", 2));                      // red half, green clear
  const std::string png = png_file(3, 1, 8, 3, palette + alpha, std::string("\0\0\x01\x02", 4));
  const cv::Mat image = decode_png(png);
  ASSERT_EQ(image.type(), CV_8UC4);
  EXPECT_EQ(image.at<cv::Vec4b>(0, 0), cv::Vec4b(0, 0, 255, 128));
  EXPECT_EQ(image.at<cv::Vec4b>(0, 1), cv::Vec4b(0, 255, 0, 0));
  EXPECT_EQ(image.at<cv::Vec4b>(0, 2), cv::Vec4b(255, 0, 0, 255));
  EXPECT_TRUE(same_pixels(image, opencv_decode(png)));
}

TEST(PngCodec, LowBitGreyAndGreyAlphaAsOpenCvDid) {
  const std::string two_bit = png_file(5, 2, 2, 0, "", std::string("\0\x1B\xC0\0\xE4\x40", 6));
  const cv::Mat grey = decode_png(two_bit);
  ASSERT_EQ(grey.type(), CV_8UC1);
  EXPECT_EQ(grey.at<uchar>(0, 3), 255);  // 2-bit 3 widened to 8 bits
  EXPECT_TRUE(same_pixels(grey, opencv_decode(two_bit)));
  const std::string grey_alpha = png_file(2, 1, 8, 4, "", std::string("\0\x40\xFF\x90\x00", 5));
  EXPECT_EQ(decode_png(grey_alpha).at<cv::Vec4b>(0, 1), cv::Vec4b(0x90, 0x90, 0x90, 0));
  EXPECT_TRUE(same_pixels(decode_png(grey_alpha), opencv_decode(grey_alpha)));
}

TEST(PngCodec, CorruptDataIsAnInputError) {
  std::string png = opencv_encode(noise(8, 8, CV_8UC3));
  EXPECT_THROW(decode_png(png.substr(0, png.size() / 2)), InputError);
  EXPECT_THROW(decode_png("\x89PNG\r\n\x1a\n and then nothing"), InputError);
  const size_t idat = png.find("IDAT");
  ASSERT_NE(idat, std::string::npos);
  png[idat + 6] = char(png[idat + 6] ^ 0x55);  // the chunk's CRC no longer matches
  try {
    decode_png(png);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("corrupt PNG ("), std::string::npos) << e.what();
  }
}

TEST(PngCodec, EncodesTheBytesOpenCvWrote) {
  for (int type : {CV_8UC1, CV_8UC3, CV_8UC4, CV_16UC1, CV_16UC3, CV_16UC4}) {
    cv::Mat image = noise(37, 51, type);
    cv::GaussianBlur(image, image, cv::Size(5, 5), 2.0);  // some structure for the filter and zlib to find
    EXPECT_EQ(encode_png(image), opencv_encode(image)) << "type " << type;
  }
  const cv::Mat whole = noise(40, 60, CV_8UC3), window = whole(cv::Rect(3, 5, 31, 17));  // rows not contiguous
  EXPECT_EQ(encode_png(window), opencv_encode(window));
}

TEST(PngCodec, RoundTripsEveryLayout) {
  for (int type : {CV_8UC1, CV_8UC3, CV_8UC4, CV_16UC1, CV_16UC3, CV_16UC4}) {
    const cv::Mat image = noise(9, 14, type);
    EXPECT_TRUE(same_pixels(decode_png(encode_png(image)), image)) << "type " << type;
  }
}

TEST(PngCodec, RefusesToEncodeAFloatPicture) { EXPECT_THROW(encode_png(cv::Mat(2, 2, CV_32FC3)), Error); }

}  // namespace
}  // namespace vec2midi::imaging
