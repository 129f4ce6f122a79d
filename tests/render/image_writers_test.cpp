#include "render/image_writers.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"

#include <opencv2/imgcodecs.hpp>

#include "io/atomic_file.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::render {
namespace {

TEST(ImageWriters, WritesAnAnimatedGif) {
  const auto dir = testing::temp_dir("gif_writer");
  std::vector<cv::Mat> frames;
  for (int i = 0; i < 3; ++i) frames.emplace_back(32, 48, CV_8UC3, cv::Scalar(80 * i, 40, 255 - 80 * i));
  write_gif(dir / "a.gif", frames, 10);
  const std::string bytes = io::read_file(dir / "a.gif");
  EXPECT_EQ(bytes.substr(0, 6), "GIF89a");
  // Logical screen size, little-endian, right after the signature.
  EXPECT_EQ(static_cast<unsigned char>(bytes[6]) | static_cast<unsigned char>(bytes[7]) << 8, 48);
  EXPECT_NE(bytes.find("NETSCAPE2.0"), std::string::npos);  // looping animation
}

TEST(ImageWriters, NoFramesIsAnErrorAndWritesNothing) {
  const auto dir = testing::temp_dir("gif_writer_empty");
  EXPECT_THROW(write_gif(dir / "a.gif", {}, 10), Error);
  EXPECT_FALSE(std::filesystem::exists(dir / "a.gif"));
}

TEST(ImageWriters, WritesPng) {
  const auto dir = testing::temp_dir("png_writer");
  write_png(dir / "a.png", cv::Mat(5, 7, CV_8UC3, cv::Scalar(1, 2, 3)));
  const cv::Mat back = cv::imread((dir / "a.png").string());
  EXPECT_EQ(back.cols, 7);
  EXPECT_EQ(back.at<cv::Vec3b>(0, 0), cv::Vec3b(1, 2, 3));
}

}  // namespace
}  // namespace vec2midi::render
