#include "vision/embedder_view.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <string>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "io/error.hpp"
#include "vision/embedder_file.hpp"

namespace vec2midi::vision {
namespace {

// A picture whose every pixel says where it is: (x, y, 7).
cv::Mat coordinates(int width, int height) {
  cv::Mat m(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) m.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x), uchar(y), 7);
  }
  return m;
}

io::ModelFile embedder_file_with(const std::map<std::string, std::string>& extra) {
  io::Safetensors st;
  st.metadata = {{"format", kEmbedderFormat}};
  st.metadata.insert(extra.begin(), extra.end());
  return io::ModelFile(st, "test.safetensors", embedder_kind());
}

TEST(EmbedderView, TheWholeFrameIsThePictureItself) {
  const cv::Mat m = coordinates(30, 20);
  const cv::Mat seen = apply_view(m, EmbedderView{});
  EXPECT_EQ(seen.data, m.data);
  EXPECT_EQ(seen.size(), m.size());
}

TEST(EmbedderView, ACentredCropKeepsTheMiddleOfEachSide) {
  // 100 x 50 at 80 %: 80 x 40 pixels from (10, 5) to (89, 44).
  const cv::Mat seen = apply_view(coordinates(100, 50), EmbedderView{.centre_crop = 0.8});
  ASSERT_EQ(seen.cols, 80);
  ASSERT_EQ(seen.rows, 40);
  EXPECT_EQ(seen.at<cv::Vec3b>(0, 0), cv::Vec3b(10, 5, 7));
  EXPECT_EQ(seen.at<cv::Vec3b>(39, 79), cv::Vec3b(89, 44, 7));
}

TEST(EmbedderView, AnOddRemainderLeavesTheExtraPixelRightAndBelow) {
  // 11 x 9 at 50 %: round(5.5) = 6 columns from x = 2 (2 left, 3 right), round(4.5) = 5 rows from y = 2 (2 above, 2 below).
  const cv::Mat seen = apply_view(coordinates(11, 9), EmbedderView{.centre_crop = 0.5});
  ASSERT_EQ(seen.cols, 6);
  ASSERT_EQ(seen.rows, 5);
  EXPECT_EQ(seen.at<cv::Vec3b>(0, 0), cv::Vec3b(2, 2, 7));
}

TEST(EmbedderView, ATinyPictureKeepsAtLeastOnePixel) {
  const cv::Mat seen = apply_view(coordinates(1, 3), EmbedderView{.centre_crop = 0.1});
  EXPECT_EQ(seen.cols, 1);
  EXPECT_EQ(seen.rows, 1);
  EXPECT_EQ(seen.at<cv::Vec3b>(0, 0), cv::Vec3b(0, 1, 7));
}

TEST(EmbedderView, JsonRoundTrip) {
  const EmbedderView view{.centre_crop = 0.75};
  EXPECT_EQ(EmbedderView::from_json_string(view.to_json_string()), view);
  EXPECT_EQ(nlohmann::json::parse(view.to_json_string()), (nlohmann::json{{"centre_crop", 0.75}}));
}

TEST(EmbedderView, RefusesACropOutsideATenthToOne) {
  for (const char* text : {R"({"centre_crop": 0})", R"({"centre_crop": 0.05})", R"({"centre_crop": 1.5})",
                           R"({"centre_crop": -0.8})", R"({"centre_crop": "0.8"})", R"({})", R"([0.8])", "not json"}) {
    EXPECT_THROW(EmbedderView::from_json_string(text), InputError) << text;
  }
  EXPECT_THROW(check_centre_crop(std::numeric_limits<double>::quiet_NaN()), InputError);
  EXPECT_NO_THROW(check_centre_crop(0.1));
  EXPECT_NO_THROW(check_centre_crop(1.0));
}

TEST(EmbedderView, AFileWithoutAViewTakesTheWholeFrame) {
  EXPECT_TRUE(read_embedder_view(embedder_file_with({})).whole_frame());
}

TEST(EmbedderView, AFileNamesItsView) {
  EXPECT_EQ(read_embedder_view(embedder_file_with({{"view", R"({"centre_crop":0.8})"}})).centre_crop, 0.8);
}

TEST(EmbedderView, AMalformedViewNamesTheFile) {
  try {
    read_embedder_view(embedder_file_with({{"view", R"({"centre_crop":3})"}}));
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("test.safetensors"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("centre_crop"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace vec2midi::vision
