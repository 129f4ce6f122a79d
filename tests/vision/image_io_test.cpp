#include "vision/image_io.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::vision {
namespace {
namespace fs = std::filesystem;

std::string encode(const std::string& ext, const cv::Mat& image) {
  std::vector<uchar> bytes;
  EXPECT_TRUE(cv::imencode(ext, image, bytes));
  return std::string(bytes.begin(), bytes.end());
}

/// A JPEG with an APP1 Exif segment holding only the Orientation tag (0x0112) = `orientation`.
std::string jpeg_with_orientation(const cv::Mat& image, int orientation) {
  const std::string jpeg = encode(".jpg", image);
  const std::string tiff = std::string("II*\0\x08\0\0\0", 8) +                        // little-endian TIFF, IFD at 8
                           std::string("\x01\0", 2) +                                 // one entry
                           std::string("\x12\x01\x03\0\x01\0\0\0", 8) +               // Orientation, SHORT, count 1
                           std::string(1, char(orientation)) + std::string("\0\0\0", 3) +
                           std::string("\0\0\0\0", 4);                                // no next IFD
  const std::string payload = std::string("Exif\0\0", 6) + tiff;
  const size_t length = payload.size() + 2;
  const std::string app1 = std::string("\xFF\xE1", 2) + char(length >> 8) + char(length & 0xFF) + payload;
  return jpeg.substr(0, 2) + app1 + jpeg.substr(2);
}

/// A 40 x 20 picture: left half red, right half blue.
cv::Mat red_left_blue_right() {
  cv::Mat image(20, 40, CV_8UC3, cv::Scalar(255, 0, 0));
  image(cv::Rect(0, 0, 20, 20)) = cv::Scalar(0, 0, 255);
  return image;
}

TEST(ImageIo, DecodesPngAsEightBitBgr) {
  const cv::Mat image = decode_image(encode(".png", red_left_blue_right()), "test.png");
  ASSERT_EQ(image.type(), CV_8UC3);
  EXPECT_EQ(image.cols, 40);
  EXPECT_EQ(image.at<cv::Vec3b>(10, 5), cv::Vec3b(0, 0, 255));
}

TEST(ImageIo, HonoursExifOrientation) {
  // Orientation 6: the stored picture must be turned 90 degrees clockwise to be seen upright,
  // so its left (red) half ends up on top.
  const cv::Mat image = decode_image(jpeg_with_orientation(red_left_blue_right(), 6), "rotated.jpg");
  ASSERT_EQ(image.rows, 40);
  ASSERT_EQ(image.cols, 20);
  const cv::Vec3b top = image.at<cv::Vec3b>(5, 10), bottom = image.at<cv::Vec3b>(35, 10);
  EXPECT_GT(top[2], 200);     // red
  EXPECT_GT(bottom[0], 200);  // blue
}

TEST(ImageIo, OrientationOneLeavesThePictureAsStored) {
  const cv::Mat image = decode_image(jpeg_with_orientation(red_left_blue_right(), 1), "upright.jpg");
  EXPECT_EQ(image.rows, 20);
  EXPECT_EQ(image.cols, 40);
}

TEST(ImageIo, TransparentPngIsPutOnWhite) {
  cv::Mat bgra(8, 8, CV_8UC4, cv::Scalar(0, 0, 0, 0));
  const cv::Mat image = decode_image(encode(".png", bgra), "alpha.png");
  EXPECT_EQ(image.at<cv::Vec3b>(4, 4), cv::Vec3b(255, 255, 255));
}

TEST(ImageIo, GreyPngBecomesThreeChannels) {
  const cv::Mat image = decode_image(encode(".png", cv::Mat(4, 4, CV_8UC1, cv::Scalar(77))), "grey.png");
  ASSERT_EQ(image.type(), CV_8UC3);
  EXPECT_EQ(image.at<cv::Vec3b>(0, 0), cv::Vec3b(77, 77, 77));
}

TEST(ImageIo, RefusesTextWithAClearError) {
  try {
    decode_image("just some text", "notes.txt");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("notes.txt: not an image"), std::string::npos) << e.what();
  }
}

TEST(ImageIo, RefusesDecompressionBombBeforeDecoding) {
  // A real PNG whose header is patched to claim 100000 x 100000 pixels.
  std::string png = encode(".png", cv::Mat(2, 2, CV_8UC3, cv::Scalar(0)));
  const std::string big("\x00\x01\x86\xA0", 4);  // 100000 big-endian
  png.replace(16, 4, big);
  png.replace(20, 4, big);
  try {
    decode_image(png, "bomb.png");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("too large"), std::string::npos) << e.what();
  }
}

TEST(ImageIo, EmptySizeIsRefusedBeforeDecoding) {
  std::string png = encode(".png", cv::Mat(2, 2, CV_8UC3, cv::Scalar(0)));
  png.replace(16, 4, std::string("\0\0\0\0", 4));  // IHDR width 0
  try {
    decode_image(png, "empty.png");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("empty.png: PNG declares an empty size 0x2"), std::string::npos) << e.what();
  }
}

TEST(ImageIo, PixelLimitIsAnOption) {
  const std::string png = encode(".png", cv::Mat(10, 10, CV_8UC3, cv::Scalar(0)));
  ImageLoadOptions options;
  options.max_pixels = 99;
  EXPECT_THROW(decode_image(png, "small.png", options), InputError);
  options.max_pixels = 100;
  EXPECT_NO_THROW(decode_image(png, "small.png", options));
}

TEST(ImageIo, TruncatedJpegIsAnInputError) {
  const std::string jpeg = encode(".jpg", red_left_blue_right());
  EXPECT_THROW(decode_image(jpeg.substr(0, jpeg.size() / 3), "cut.jpg"), InputError);
}

// The review's find: the first 1,500 bytes of a JPEG photo decoded without an error (libjpeg fills the rest
// with grey), so `compose` and `embed` named a colour for a picture that was not there.
TEST(ImageIo, PhotoCutShortIsRefusedAsTruncated) {
  const std::string jpeg = io::read_file(testing::project_path("examples/red_car.jpg"));
  try {
    decode_image(jpeg.substr(0, 1500), "cut.jpg");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cut.jpg: truncated JPEG"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(decode_image(jpeg, "whole.jpg"));
}

// The fuzzer's find: a damaged WebP with "DICM" at byte 128 went on to OpenCV's DICOM decoder, which
// aborted the process (an assert in GDCM). It must be one InputError instead.
TEST(ImageIo, DamagedWebpWithADicomMarkerIsAnInputErrorNotAnAbort) {
  const fs::path path = testing::test_data_path("fuzz/image_loader/crash-57f945af2922262b023db7cb73bd17d282c6f4d9");
  const std::string bytes = io::read_file(path);
  ASSERT_EQ(bytes.substr(128, 4), "DICM");
  EXPECT_THROW(decode_image(bytes, "odd.webp"), InputError);
}

TEST(ImageIo, CorruptDataOfEachFormatIsOneInputErrorNamingTheFile) {
  std::string jpeg = encode(".jpg", red_left_blue_right());
  jpeg[jpeg.find("\xFF\xC0") + 4] = 7;  // a sample precision libjpeg does not support
  std::string png = encode(".png", red_left_blue_right());
  png[png.find("IDAT") + 6] ^= 0x55;  // the chunk's CRC no longer matches
  const std::string webp = encode(".webp", red_left_blue_right());
  const std::string bmp = encode(".bmp", red_left_blue_right());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"bad.jpg", jpeg}, {"bad.png", png}, {"bad.webp", webp.substr(0, webp.size() / 2)}, {"bad.bmp", bmp.substr(0, bmp.size() - 7)}};
  for (const auto& [name, bytes] : cases) {
    try {
      decode_image(bytes, name);
      ADD_FAILURE() << name << ": expected InputError";
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(name + ": ", 0), 0u) << e.what();
    }
  }
}

TEST(ImageIo, DecodesSixteenBitAndTransparentPngsAsBefore) {
  cv::Mat wide(4, 4, CV_16UC4, cv::Scalar(65535, 0, 32896, 32896));  // half-transparent orange-ish on white
  const cv::Mat image = decode_image(encode(".png", wide), "wide.png");
  ASSERT_EQ(image.type(), CV_8UC3);
  // 16 bits to 8 (x / 257, rounded), then over white: (c a + 255 (255 - a) + 127) / 255 with a = 128.
  EXPECT_EQ(image.at<cv::Vec3b>(0, 0), cv::Vec3b(255, 127, 191));
}

TEST(ImageIo, MissingFileIsAnInputErrorNamingThePath) {
  try {
    load_image("/nonexistent/picture.jpg");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/picture.jpg"), std::string::npos);
  }
}

TEST(ImageIo, LoadsWebpFromDisk) {
  const fs::path dir = testing::temp_dir("image_io_webp");
  std::vector<uchar> bytes;
  ASSERT_TRUE(cv::imencode(".webp", red_left_blue_right(), bytes, {cv::IMWRITE_WEBP_QUALITY, 101}));
  io::write_file_atomic(dir / "p.webp", std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  const cv::Mat image = load_image(dir / "p.webp");
  EXPECT_EQ(image.at<cv::Vec3b>(10, 30), cv::Vec3b(255, 0, 0));
}

TEST(ImageIo, LoadsARealPhoto) {
  const cv::Mat image = load_image(testing::shared_path("data/photos/train/red/objects_1.jpg"));
  EXPECT_EQ(image.type(), CV_8UC3);
  EXPECT_GT(image.rows, 16);
}

TEST(ImageIo, KnowsImageExtensions) {
  EXPECT_TRUE(has_image_extension("a/b.JPG"));
  EXPECT_TRUE(has_image_extension("x.webp"));
  EXPECT_FALSE(has_image_extension("x.txt"));
}

}  // namespace
}  // namespace vec2midi::vision
