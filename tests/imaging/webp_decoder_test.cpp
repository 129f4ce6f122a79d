#include "imaging/webp_decoder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "io/error.hpp"

namespace vec2midi::imaging {
namespace {

// OpenCV's imgcodecs is the reference these tests hold the decoder to, exactly.
cv::Mat opencv_decode(const std::string& bytes) {
  return cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data())), cv::IMREAD_UNCHANGED);
}

/// A smooth picture with `channels` channels (alpha varying too) as WebP; quality 101 is lossless in OpenCV.
std::string webp(int channels, int quality) {
  cv::Mat image(37, 64, CV_8UC(channels));
  cv::randu(image, 0, 256);
  cv::GaussianBlur(image, image, cv::Size(7, 7), 3.0);
  std::vector<uchar> bytes;
  EXPECT_TRUE(cv::imencode(".webp", image, bytes, {cv::IMWRITE_WEBP_QUALITY, quality}));
  return std::string(bytes.begin(), bytes.end());
}

bool same_pixels(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

TEST(WebpDecoder, LossyAndLosslessAsOpenCvDid) {
  for (int quality : {30, 90, 101}) {
    const std::string bytes = webp(3, quality);
    const cv::Mat image = decode_webp(bytes);
    EXPECT_EQ(image.type(), CV_8UC3);
    EXPECT_TRUE(same_pixels(image, opencv_decode(bytes))) << "quality " << quality;
  }
}

TEST(WebpDecoder, AlphaGivesBgraAsOpenCvDid) {
  for (int quality : {80, 101}) {
    const std::string bytes = webp(4, quality);
    const cv::Mat image = decode_webp(bytes);
    EXPECT_EQ(image.type(), CV_8UC4);
    EXPECT_TRUE(same_pixels(image, opencv_decode(bytes))) << "quality " << quality;
  }
}

TEST(WebpDecoder, CorruptDataIsAnInputError) {
  const std::string bytes = webp(3, 90);
  EXPECT_THROW(decode_webp(bytes.substr(0, 20)), InputError);  // shorter than the header
  EXPECT_THROW(decode_webp(bytes.substr(0, bytes.size() * 6 / 10)), InputError);
  std::string riff_only = bytes.substr(0, 12) + std::string(40, 'x');
  EXPECT_THROW(decode_webp(riff_only), InputError);
}

}  // namespace
}  // namespace vec2midi::imaging
