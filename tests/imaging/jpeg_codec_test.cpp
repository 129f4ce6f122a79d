#include "imaging/jpeg_codec.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include <jpeglib.h>
#include <opencv2/imgcodecs.hpp>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::imaging {
namespace {

// OpenCV's imgcodecs is the reference these tests hold the codec to, exactly.
cv::Mat opencv_decode(const std::string& bytes) {
  return cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data())), cv::IMREAD_COLOR);
}

std::string opencv_encode(const cv::Mat& image, const std::vector<int>& params) {
  std::vector<uchar> bytes;
  EXPECT_TRUE(cv::imencode(".jpg", image, bytes, params));
  return std::string(bytes.begin(), bytes.end());
}

bool same_pixels(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

std::string red_car() { return io::read_file(testing::project_path("examples/red_car.jpg")); }

/// A JPEG with an APP1 Exif segment whose IFD0 holds only Orientation = `orientation`.
std::string with_orientation(const std::string& jpeg, int orientation, bool little_endian) {
  const std::string header = little_endian ? std::string("II*\0\x08\0\0\0", 8) : std::string("MM\0*\0\0\0\x08", 8);
  const std::string count = little_endian ? std::string("\x01\0", 2) : std::string("\0\x01", 2);
  const std::string tag = little_endian ? std::string("\x12\x01\x03\0\x01\0\0\0", 8) : std::string("\x01\x12\0\x03\0\0\0\x01", 8);
  const std::string value = little_endian ? std::string{char(orientation), 0, 0, 0} : std::string{0, char(orientation), 0, 0};
  const std::string payload = std::string("Exif\0\0", 6) + header + count + tag + value + std::string(4, '\0');
  const size_t length = payload.size() + 2;
  return jpeg.substr(0, 2) + "\xFF\xE1" + char(length >> 8) + char(length & 0xFF) + payload + jpeg.substr(2);
}

/// A 4-component (CMYK, Adobe) JPEG written with libjpeg directly: cv::imencode cannot write one.
std::string cmyk_jpeg(const cv::Mat& cmyk) {
  jpeg_compress_struct c;
  jpeg_error_mgr errors;
  c.err = jpeg_std_error(&errors);
  jpeg_create_compress(&c);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &buffer, &size);
  c.image_width = JDIMENSION(cmyk.cols);
  c.image_height = JDIMENSION(cmyk.rows);
  c.input_components = 4;
  c.in_color_space = JCS_CMYK;
  jpeg_set_defaults(&c);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = const_cast<uchar*>(cmyk.ptr(int(c.next_scanline)));
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  std::string out(reinterpret_cast<const char*>(buffer), size);
  jpeg_destroy_compress(&c);
  std::free(buffer);
  return out;
}

TEST(JpegCodec, DecodesAPhotoAsOpenCvDid) {
  const std::string jpeg = red_car();
  const cv::Mat image = decode_jpeg(jpeg);
  EXPECT_EQ(image.type(), CV_8UC3);
  EXPECT_TRUE(same_pixels(image, opencv_decode(jpeg)));
}

TEST(JpegCodec, DecodesProgressiveAndRestartIntervalFilesAsOpenCvDid) {
  const cv::Mat photo = opencv_decode(red_car());
  for (int progressive : {0, 1}) {
    const std::string jpeg = opencv_encode(photo, {cv::IMWRITE_JPEG_QUALITY, 80, cv::IMWRITE_JPEG_PROGRESSIVE, progressive,
                                                   cv::IMWRITE_JPEG_RST_INTERVAL, 2});
    EXPECT_TRUE(same_pixels(decode_jpeg(jpeg), opencv_decode(jpeg))) << "progressive " << progressive;
  }
}

TEST(JpegCodec, GreyAndCmykPicturesBecomeBgrAsInOpenCv) {
  cv::Mat grey(21, 34, CV_8UC1), cmyk(19, 27, CV_8UC4);
  cv::randu(grey, 0, 256);
  cv::randu(cmyk, 0, 256);
  const std::string grey_jpeg = opencv_encode(grey, {}), cmyk_bytes = cmyk_jpeg(cmyk);
  EXPECT_TRUE(same_pixels(decode_jpeg(grey_jpeg), opencv_decode(grey_jpeg)));
  EXPECT_TRUE(same_pixels(decode_jpeg(cmyk_bytes), opencv_decode(cmyk_bytes)));
}

TEST(JpegCodec, EveryExifOrientationTurnsThePictureAsOpenCvDid) {
  cv::Mat image(20, 40, CV_8UC3, cv::Scalar(255, 0, 0));  // blue, with a red top-left corner
  image(cv::Rect(0, 0, 10, 5)) = cv::Scalar(0, 0, 255);
  const std::string jpeg = opencv_encode(image, {});
  for (bool little_endian : {true, false}) {
    for (int orientation = 0; orientation <= 9; ++orientation) {
      const std::string turned = with_orientation(jpeg, orientation, little_endian);
      const cv::Mat ours = decode_jpeg(turned);
      EXPECT_EQ(ours.rows, orientation >= 5 && orientation <= 8 ? 40 : 20) << orientation;
      EXPECT_TRUE(same_pixels(ours, opencv_decode(turned))) << "orientation " << orientation << " little " << little_endian;
    }
  }
}

TEST(JpegCodec, CorruptDataIsAnInputError) {
  std::string jpeg = red_car();
  EXPECT_THROW(decode_jpeg(jpeg.substr(0, 1500)), InputError);          // cut inside the scan: refused, not grey
  EXPECT_THROW(decode_jpeg(jpeg.substr(0, jpeg.size() / 2)), InputError);
  EXPECT_THROW(decode_jpeg(std::string("\xFF\xD8\xFF\xE0garbage", 11)), InputError);
  const size_t sof = jpeg.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  jpeg[sof + 4] = 7;  // a sample precision libjpeg does not support
  try {
    decode_jpeg(jpeg);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("corrupt JPEG ("), std::string::npos) << e.what();
  }
}

TEST(JpegCodec, EncodesTheBytesOpenCvWrote) {
  const cv::Mat photo = opencv_decode(red_car());
  cv::Mat grey, bgra;
  cv::extractChannel(photo, grey, 1);
  cv::merge(std::vector<cv::Mat>{grey, grey, grey, grey}, bgra);
  for (int quality : {35, 95}) {
    for (const cv::Mat& image : {photo, grey, bgra}) {
      EXPECT_EQ(encode_jpeg(image, {.quality = quality}), opencv_encode(image, {cv::IMWRITE_JPEG_QUALITY, quality}))
          << image.channels() << " channels, quality " << quality;
    }
  }
  EXPECT_EQ(encode_jpeg(photo), opencv_encode(photo, {}));  // the default quality is OpenCV's, 95
}

TEST(JpegCodec, RefusesToEncodeAnEmptyPicture) { EXPECT_THROW(encode_jpeg(cv::Mat()), Error); }

}  // namespace
}  // namespace vec2midi::imaging
