#include "vision/saliency.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "io/random.hpp"

namespace vec2midi::vision {
namespace {

TEST(Saliency, LabMatchesOpenCv) {
  io::Rng rng(5);
  cv::Mat bgr(32, 32, CV_32FC3);
  for (int y = 0; y < bgr.rows; ++y) {
    for (int x = 0; x < bgr.cols; ++x) {
      bgr.at<cv::Vec3f>(y, x) = cv::Vec3f(float(io::uniform01(rng)), float(io::uniform01(rng)), float(io::uniform01(rng)));
    }
  }
  bgr.at<cv::Vec3f>(0, 0) = cv::Vec3f(0, 0, 0);  // black, white and a dark shade below the linear threshold
  bgr.at<cv::Vec3f>(0, 1) = cv::Vec3f(1, 1, 1);
  bgr.at<cv::Vec3f>(0, 2) = cv::Vec3f(0.02f, 0.01f, 0.03f);
  cv::Mat expected;
  cv::cvtColor(bgr, expected, cv::COLOR_BGR2Lab);
  const cv::Mat lab = bgr_to_lab(bgr);
  // OpenCV interpolates its gamma and cube-root curves from tables: agreement to well under one unit of Lab
  // (a just-noticeable colour difference is about 2.3).
  EXPECT_LT(cv::norm(lab, expected, cv::NORM_INF), 0.5);
  EXPECT_LT(cv::norm(lab, expected, cv::NORM_L1) / double(3 * lab.total()), 0.15);  // measured 0.08
}

TEST(Saliency, TheCentralContrastingSpotIsTheMostSalient) {
  cv::Mat img(100, 100, CV_8UC3, cv::Scalar(120, 120, 120));
  cv::circle(img, {50, 50}, 15, cv::Scalar(0, 0, 255), cv::FILLED);
  cv::circle(img, {85, 85}, 8, cv::Scalar(0, 0, 255), cv::FILLED);
  const SalientPixels s = salient_pixels(img, {.work_size = 64});
  const auto at = [&](int x, int y) { return s.weight[size_t(y) * size_t(s.side) + size_t(x)]; };
  EXPECT_GT(at(32, 32), at(54, 54));  // same colour, the centre prior decides
  EXPECT_GT(at(54, 54), at(5, 5));    // the ground has no contrast
  for (double w : s.weight) {
    EXPECT_GE(w, 0.0);
    EXPECT_LE(w, 1.0);
  }
}

}  // namespace
}  // namespace vec2midi::vision
