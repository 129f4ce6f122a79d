#include "vision/image_header.hpp"

#include <filesystem>

#include "io/atomic_file.hpp"
#include "support/shared_data.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

namespace vec2midi::vision {
namespace {

std::string encode(const std::string& ext, int width, int height) {
  cv::Mat image(height, width, CV_8UC3, cv::Scalar(10, 200, 30));
  std::vector<uchar> bytes;
  EXPECT_TRUE(cv::imencode(ext, image, bytes));
  return std::string(bytes.begin(), bytes.end());
}

TEST(ImageHeader, ReadsJpegSize) {
  const auto h = read_image_header(encode(".jpg", 37, 21));
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->format, ImageFormat::kJpeg);
  EXPECT_EQ(h->width, 37);
  EXPECT_EQ(h->height, 21);
}

TEST(ImageHeader, ReadsPngSize) {
  const auto h = read_image_header(encode(".png", 300, 7));
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->format, ImageFormat::kPng);
  EXPECT_EQ(h->width, 300);
  EXPECT_EQ(h->height, 7);
}

TEST(ImageHeader, ReadsBmpSize) {
  const auto h = read_image_header(encode(".bmp", 5, 9));
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->format, ImageFormat::kBmp);
  EXPECT_EQ(h->width, 5);
  EXPECT_EQ(h->height, 9);
}

TEST(ImageHeader, ReadsLossyAndLosslessWebpSize) {
  for (int quality : {80, 101}) {  // 101 = lossless in OpenCV
    cv::Mat image(19, 45, CV_8UC3, cv::Scalar(1, 2, 3));
    std::vector<uchar> bytes;
    ASSERT_TRUE(cv::imencode(".webp", image, bytes, {cv::IMWRITE_WEBP_QUALITY, quality}));
    const auto h = read_image_header(std::string(bytes.begin(), bytes.end()));
    ASSERT_TRUE(h.has_value()) << "quality " << quality;
    EXPECT_EQ(h->format, ImageFormat::kWebp);
    EXPECT_EQ(h->width, 45);
    EXPECT_EQ(h->height, 19);
  }
}

TEST(ImageHeader, TextIsNotAnImage) { EXPECT_FALSE(read_image_header("hello, this is not a picture").has_value()); }

TEST(ImageHeader, TruncatedJpegHasNoHeader) {
  const std::string jpeg = encode(".jpg", 10, 10);
  EXPECT_FALSE(read_image_header(jpeg.substr(0, 20)).has_value());
}

TEST(ImageHeader, EmptyInputHasNoHeader) { EXPECT_FALSE(read_image_header("").has_value()); }

TEST(JpegEndMarker, AWholeJpegHasItAndACutOneNot) {
  const std::string jpeg = io::read_file(testing::project_path("examples/red_car.jpg"));
  EXPECT_TRUE(jpeg_has_end_marker(jpeg));
  EXPECT_TRUE(jpeg_has_end_marker(jpeg + std::string(100, '\0')));  // bytes after the end are allowed
  EXPECT_FALSE(jpeg_has_end_marker(jpeg.substr(0, 1500)));
  EXPECT_FALSE(jpeg_has_end_marker(jpeg.substr(0, jpeg.size() - 2)));
}

TEST(JpegEndMarker, AnEndMarkerBeforeTheScanDoesNotCount) {
  // An APP1 segment (like an EXIF thumbnail) that holds FF D9 in its payload, then the image cut short.
  const std::string jpeg = io::read_file(testing::project_path("examples/red_car.jpg"));
  const std::string payload = std::string("Exif\0\0\xFF\xD8\xFF\xD9", 10);
  const std::string app1 = std::string("\xFF\xE1\x00", 3) + char(payload.size() + 2) + payload;
  const std::string with_thumbnail = jpeg.substr(0, 2) + app1 + jpeg.substr(2);
  EXPECT_TRUE(jpeg_has_end_marker(with_thumbnail));
  EXPECT_FALSE(jpeg_has_end_marker(with_thumbnail.substr(0, 2000)));
}

TEST(JpegEndMarker, EveryPhotoInTheSharedSetsIsWhole) {
  int n = 0;
  for (const char* set : {"data/photos/train", "data/photos/paint_crops"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(testing::shared_path(set))) {
      if (!entry.is_regular_file()) continue;
      EXPECT_TRUE(jpeg_has_end_marker(io::read_file(entry.path()))) << entry.path();
      ++n;
    }
  }
  EXPECT_EQ(n, 285 + 456);
}

}  // namespace
}  // namespace vec2midi::vision
