#include "vision/hue_baseline.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <opencv2/imgproc.hpp>

namespace vec2midi::vision {
namespace {

double squared_sum(const std::vector<float>& f) { return std::inner_product(f.begin(), f.end(), f.begin(), 0.0); }

/// A disc of `disc` BGR colour covering about `share` of a `ground` picture.
cv::Mat disc_on(cv::Scalar disc, cv::Scalar ground, double share) {
  cv::Mat image(100, 100, CV_8UC3, ground);
  cv::circle(image, cv::Point(50, 50), int(std::sqrt(share * 10000 / 3.14159)), disc, cv::FILLED);
  return image;
}

TEST(HueBaseline, FeaturesHaveUnitLength) {
  const auto f = hue_features(disc_on(cv::Scalar(0, 0, 255), cv::Scalar(255, 255, 255), 0.2));
  EXPECT_EQ(int64_t(f.size()), n_hue_features(HueBaselineOptions{}));
  EXPECT_NEAR(squared_sum(f), 1.0, 1e-5);
}

TEST(HueBaseline, ColourFeaturesAreTheHueHistogramThenAUnitLabHistogram) {
  const cv::Mat image = disc_on(cv::Scalar(0, 0, 255), cv::Scalar(255, 255, 255), 0.2);
  const auto hue = hue_features(image), all = colour_features(image);
  ASSERT_EQ(int64_t(all.size()), n_colour_features(HueBaselineOptions{}));
  EXPECT_TRUE(std::equal(hue.begin(), hue.end(), all.begin()));
  const std::vector<float> lab(all.begin() + int64_t(hue.size()), all.end());
  EXPECT_NEAR(squared_sum(lab), 1.0, 1e-5);
  // The heaviest Lab bin of a red disc on white (saliency) is at the red end of the green-red axis (white: a = 0).
  const auto heaviest = std::max_element(lab.begin(), lab.end()) - lab.begin();
  const int64_t a_bin = (heaviest / kLabBins[2]) % kLabBins[1];
  EXPECT_EQ(a_bin, kLabBins[1] - 1);
}

TEST(HueBaseline, SalientObjectOutweighsALargerPlainGround) {
  // A red disc on 80 % white ground: the red bins hold more weight than the white bin.
  const HueBaselineOptions options;
  const auto f = hue_features(disc_on(cv::Scalar(0, 0, 255), cv::Scalar(255, 255, 255), 0.2), options);
  const size_t white = size_t(2 * options.n_hue_bins + 4);
  double red = 0;
  for (size_t i = 0; i < 4; ++i) red += f[i] * f[i];  // hue bins 0 and 1 (0-40 degrees), both saturation levels
  EXPECT_GT(red, double(f[white]) * f[white]);
}

TEST(HueBaseline, NearestCentroidSeparatesPlainColours) {
  const std::vector<cv::Scalar> colours = {cv::Scalar(0, 0, 200), cv::Scalar(200, 0, 0), cv::Scalar(20, 20, 20)};
  RowMatrix rows(3, n_hue_features(HueBaselineOptions{}));
  for (size_t i = 0; i < colours.size(); ++i) {
    const auto f = hue_features(disc_on(colours[i], cv::Scalar(128, 128, 128), 0.4));
    rows.row(Eigen::Index(i)) = Eigen::Map<const Eigen::RowVectorXf>(f.data(), Eigen::Index(f.size()));
  }
  const std::vector<float> centroids = fit_centroids(rows, std::vector<int>{0, 1, 2}, 3);
  const auto probe = hue_features(disc_on(cv::Scalar(10, 10, 230), cv::Scalar(150, 150, 150), 0.3));
  std::vector<double> d(3, 0.0);
  for (size_t c = 0; c < 3; ++c)
    for (size_t j = 0; j < probe.size(); ++j) d[c] += std::pow(centroids[c * probe.size() + j] - probe[j], 2);
  EXPECT_EQ(std::min_element(d.begin(), d.end()) - d.begin(), 0);
}

TEST(HueBaseline, CentroidsAreClassMeans) {
  RowMatrix rows(4, 2);
  rows << 1, 2, 3, 6, 10, 20, 5, 5;
  const std::vector<float> want = {10, 20, 3, 13.0f / 3.0f}, got = fit_centroids(rows, std::vector<int>{1, 1, 0, 1}, 2);
  ASSERT_EQ(got.size(), want.size());
  for (size_t j = 0; j < want.size(); ++j) EXPECT_FLOAT_EQ(got[j], want[j]) << j;
}

TEST(HueBaseline, ClassWithoutExamplesIsNeverNearest) {
  const std::vector<float> centroids = fit_centroids(RowMatrix::Ones(2, 4), std::vector<int>{0, 0}, 2);
  ASSERT_EQ(centroids.size(), 8u);
  for (size_t j = 4; j < 8; ++j) EXPECT_TRUE(std::isinf(centroids[j]));
  for (size_t j = 0; j < 4; ++j) EXPECT_EQ(centroids[j], 1.0f);
}

TEST(HueBaseline, OptionsJsonRoundTrip) {
  HueBaselineOptions options;
  options.n_hue_bins = 24;
  EXPECT_EQ(HueBaselineOptions::from_json_string(options.to_json_string()).n_hue_bins, 24);
}

}  // namespace
}  // namespace vec2midi::vision
