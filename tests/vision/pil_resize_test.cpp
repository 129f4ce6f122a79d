// Pillow's bicubic resize: the kernel's invariants, exactness on constant pictures, and agreement with the
// pictures Pillow 9.4 itself made from ../shared's photos (golden/seed_embedder_inputs).
#include <gtest/gtest.h>

#include <iostream>

#include <opencv2/imgproc.hpp>

#include "io/error.hpp"
#include "support/shared_data.hpp"
#include "vision/image_io.hpp"
#include "vision/pil_resize.hpp"

namespace vec2midi::vision {
namespace {

TEST(PilResize, KernelIsOneAtZeroAndZeroAtTheOtherIntegers) {
  EXPECT_DOUBLE_EQ(pil_bicubic_kernel(0.0), 1.0);
  EXPECT_DOUBLE_EQ(pil_bicubic_kernel(1.0), 0.0);
  EXPECT_DOUBLE_EQ(pil_bicubic_kernel(-1.0), 0.0);
  EXPECT_DOUBLE_EQ(pil_bicubic_kernel(2.0), 0.0);
  EXPECT_DOUBLE_EQ(pil_bicubic_kernel(2.5), 0.0);
  // Keys' cubic with a = -0.5 at 1.5: ((1.5 - 5)·1.5 + 8)·1.5 - 4 = 0.125, times a.
  EXPECT_DOUBLE_EQ(pil_bicubic_kernel(1.5), -0.0625);
}

TEST(PilResize, KernelWeightsSumToOneAtEveryPhase) {
  for (double phase = 0.0; phase < 1.0; phase += 0.0625) {
    double sum = 0.0;
    for (int k = -3; k <= 3; ++k) sum += pil_bicubic_kernel(phase + k);
    EXPECT_NEAR(sum, 1.0, 1e-12) << phase;
  }
}

TEST(PilResize, ConstantPictureStaysConstantUpAndDown) {
  const cv::Mat flat(37, 53, CV_8UC3, cv::Scalar(12, 200, 77));
  for (auto [w, h] : {std::pair{128, 128}, std::pair{20, 9}, std::pair{53, 100}}) {
    const cv::Mat out = pil_bicubic_resize(flat, w, h);
    ASSERT_EQ(out.cols, w);
    ASSERT_EQ(out.rows, h);
    EXPECT_EQ(cv::norm(out, cv::Mat(h, w, CV_8UC3, cv::Scalar(12, 200, 77)), cv::NORM_INF), 0.0);
  }
}

TEST(PilResize, SameSizeIsACopy) {
  cv::Mat img(5, 6, CV_8UC1);
  cv::randu(img, 0, 255);
  const cv::Mat out = pil_bicubic_resize(img, 6, 5);
  EXPECT_EQ(cv::norm(out, img, cv::NORM_INF), 0.0);
  EXPECT_NE(out.data, img.data);
}

TEST(PilResize, RefusesFloatPicturesAndEmptySizes) {
  EXPECT_THROW(pil_bicubic_resize(cv::Mat(4, 4, CV_32FC3), 2, 2), InputError);
  EXPECT_THROW(pil_bicubic_resize(cv::Mat(4, 4, CV_8UC3), 0, 2), InputError);
}

TEST(PilResize, ReproducesPillowsResizeOfTheSharedPhotos) {
  const auto golden = testing::shared_json("golden/seed_embedder_train.json");
  int exact = 0, n = 0;
  double worst = 0.0;
  for (const auto& item : golden.at("items")) {
    const cv::Mat photo = load_image(testing::shared_path(item.at("photo").get<std::string>()));
    cv::Mat rgb;
    cv::cvtColor(photo, rgb, cv::COLOR_BGR2RGB);
    const cv::Mat ours = pil_bicubic_resize(rgb, 128, 128);
    cv::Mat theirs;
    cv::cvtColor(load_image(testing::shared_path(item.at("input").get<std::string>())), theirs, cv::COLOR_BGR2RGB);
    const double diff = cv::norm(ours, theirs, cv::NORM_INF);
    worst = std::max(worst, diff);
    exact += diff == 0.0;
    ++n;
  }
  std::cout << "[ measured ] " << exact << " of " << n << " resized photos equal Pillow's, largest difference " << worst << "\n";
  EXPECT_EQ(n, 285);
  // Pillow and OpenCV decode JPEG with the same library, so the resize is the only difference left; it is
  // integer arithmetic, so equality is exact (285 of 285 on 2026-12-05).
  EXPECT_EQ(exact, n) << "worst " << worst;
}

}  // namespace
}  // namespace vec2midi::vision
