#include "vision/palette.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "io/error.hpp"

namespace vec2midi::vision {
namespace {

const cv::Scalar kGrey(128, 128, 128), kRed(30, 30, 220), kBlue(200, 60, 20), kGreen(40, 180, 40);

// A grey ground with a large red disc in the middle, a green bar at the left edge and a small blue square
// in the top-right corner.
cv::Mat three_colour_picture() {
  cv::Mat img(240, 320, CV_8UC3, kGrey);
  cv::circle(img, {160, 120}, 60, kRed, cv::FILLED);
  cv::rectangle(img, cv::Rect(0, 40, 40, 160), kGreen, cv::FILLED);
  cv::rectangle(img, cv::Rect(260, 10, 50, 50), kBlue, cv::FILLED);
  return img;
}

bool close_to(const cv::Vec3b& colour, const cv::Scalar& expected) {
  for (int c = 0; c < 3; ++c) {
    if (std::abs(int(colour[c]) - int(expected[c])) > 25) return false;
  }
  return true;
}

const PaletteRegion* region_of(const std::vector<PaletteRegion>& regions, const cv::Scalar& colour) {
  for (const PaletteRegion& r : regions) {
    if (close_to(r.mean_bgr, colour)) return &r;
  }
  return nullptr;
}

TEST(Palette, TheCentralContrastingDiscComesFirst) {
  const auto regions = salient_regions(three_colour_picture());
  ASSERT_FALSE(regions.empty());
  EXPECT_TRUE(close_to(regions.front().mean_bgr, kRed));
  // Its box holds the disc (centre 160,120, radius 60) and little else.
  const cv::Rect box = regions.front().box;
  EXPECT_TRUE(box.contains({160, 120}));
  EXPECT_LE(box.x, 105);
  EXPECT_GE(box.x + box.width, 215);
  EXPECT_LE(box.width, 170);
}

TEST(Palette, EachColourRegionIsFoundWhereItIs) {
  const auto regions = salient_regions(three_colour_picture());
  const PaletteRegion* blue = region_of(regions, kBlue);
  const PaletteRegion* green = region_of(regions, kGreen);
  ASSERT_NE(blue, nullptr);
  ASSERT_NE(green, nullptr);
  EXPECT_TRUE(blue->box.contains({285, 25}));
  EXPECT_TRUE(green->box.contains({20, 120}));
  EXPECT_LT(blue->area, green->area);
}

TEST(Palette, TheCropPaintsOtherColoursInTheRegionsOwn) {
  const cv::Mat img = three_colour_picture();
  const auto regions = salient_regions(img);
  const PaletteRegion& red = regions.front();
  ASSERT_EQ(red.mask.size(), red.box.size());
  const cv::Mat crop = region_crop(img, red);
  ASSERT_EQ(crop.size(), red.box.size());
  // The disc's centre keeps its pixels; the grey corner of the box takes the disc's mean colour.
  const cv::Point centre(160 - red.box.x, 120 - red.box.y);
  EXPECT_EQ(crop.at<cv::Vec3b>(centre), img.at<cv::Vec3b>(120, 160));
  EXPECT_TRUE(close_to(crop.at<cv::Vec3b>(0, 0), kRed));
  EXPECT_EQ(red.mask.at<uchar>(centre), 255);
  EXPECT_EQ(red.mask.at<uchar>(0, 0), 0);
}

TEST(Palette, WeightsAreNormalisedAndDecreasing) {
  const auto regions = salient_regions(three_colour_picture());
  double total = 0;
  for (size_t i = 0; i < regions.size(); ++i) {
    total += regions[i].weight;
    if (i > 0) EXPECT_GE(regions[i - 1].weight, regions[i].weight);
    EXPECT_GT(regions[i].area, 0.0);
    EXPECT_GT(regions[i].saliency, 0.0);
  }
  EXPECT_NEAR(total, 1.0, 1e-9);
}

TEST(Palette, KBoundsTheNumberOfRegions) {
  EXPECT_EQ(salient_regions(three_colour_picture(), {.k = 1}).size(), 1u);
  EXPECT_LE(salient_regions(three_colour_picture(), {.k = 4}).size(), 4u);
}

TEST(Palette, TheSamePictureGivesTheSamePalette) {
  const auto a = salient_regions(three_colour_picture()), b = salient_regions(three_colour_picture());
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].box, b[i].box);
    EXPECT_EQ(a[i].weight, b[i].weight);
  }
}

TEST(Palette, AUniformPictureIsOneRegionCoveringIt) {
  const cv::Mat img(50, 70, CV_8UC3, kBlue);
  const auto regions = salient_regions(img);
  ASSERT_EQ(regions.size(), 1u);
  EXPECT_EQ(regions[0].box, cv::Rect(0, 0, 70, 50));
  EXPECT_DOUBLE_EQ(regions[0].weight, 1.0);
}

TEST(Palette, BoxesStayInsideTinyPictures) {
  cv::Mat img(6, 5, CV_8UC3, kGrey);
  img.at<cv::Vec3b>(2, 2) = cv::Vec3b(0, 0, 255);
  for (const PaletteRegion& r : salient_regions(img)) {
    EXPECT_EQ(r.box & cv::Rect(0, 0, 5, 6), r.box);
    EXPECT_GT(r.box.area(), 0);
  }
}

TEST(Palette, BadInputThrows) {
  EXPECT_THROW(salient_regions(cv::Mat()), InputError);
  EXPECT_THROW(salient_regions(cv::Mat(10, 10, CV_8UC1, cv::Scalar(3))), InputError);
  EXPECT_THROW(salient_regions(three_colour_picture(), {.k = 0}), InputError);
  EXPECT_THROW(salient_regions(three_colour_picture(), {.k = 9, .n_clusters = 8}), InputError);
}

}  // namespace
}  // namespace vec2midi::vision
