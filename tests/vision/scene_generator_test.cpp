#include "vision/scene_generator.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "io/random.hpp"
#include "support/shared_data.hpp"
#include "vision/colour_class.hpp"
#include "vision/folder_dataset.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::vision {
namespace {

bool same_pixels(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && cv::norm(a, b, cv::NORM_INF) == 0;
}

TEST(SceneGenerator, SameSeedAndIndexGiveTheSameScene) {
  EXPECT_TRUE(same_pixels(generate_indexed_scene(5, 3), generate_indexed_scene(5, 3)));
}

TEST(SceneGenerator, DifferentIndicesGiveDifferentScenes) {
  EXPECT_FALSE(same_pixels(generate_indexed_scene(5, 3), generate_indexed_scene(5, 12)));
}

TEST(SceneGenerator, ScenesAreEightBitBgrOfTheRequestedSize) {
  SceneOptions options;
  options.size = 96;
  for (int64_t i = 0; i < 18; ++i) {
    const cv::Mat scene = generate_indexed_scene(1, i, options);
    ASSERT_EQ(scene.type(), CV_8UC3);
    EXPECT_EQ(scene.cols, 96);
    EXPECT_LE(scene.rows, 96);
    EXPECT_GE(scene.rows, 72);  // min_aspect 0.75
  }
}

TEST(SceneGenerator, LabelsCycleThroughTheClasses) {
  for (int64_t i = 0; i < 27; ++i) EXPECT_EQ(scene_label(i), int(i % 9));
}

TEST(SceneGenerator, ChromaticScenesAreDominatedByTheirHue) {
  // In the central half of a scene, the most frequent hue among saturated pixels should be the
  // class's hue range (OpenCV hue in degrees).
  struct Range {
    int label;
    double lo, hi;
  };
  const Range ranges[] = {{1, 180, 255}, {2, 65, 170}, {4, 8, 40}, {5, 250, 335}, {6, -25, 12}, {8, 38, 66}};
  int agree = 0, total = 0;
  for (const auto& range : ranges) {
    for (int k = 0; k < 12; ++k) {
      io::Rng rng(1000 + 31 * k + range.label);
      const cv::Mat scene = generate_scene(range.label, rng);
      cv::Mat f, hsv;
      scene(cv::Rect(scene.cols / 4, scene.rows / 4, scene.cols / 2, scene.rows / 2)).convertTo(f, CV_32FC3, 1 / 255.0);
      cv::cvtColor(f, hsv, cv::COLOR_BGR2HSV);
      std::vector<int> hist(36, 0);
      for (int y = 0; y < hsv.rows; ++y)
        for (int x = 0; x < hsv.cols; ++x) {
          const auto p = hsv.at<cv::Vec3f>(y, x);
          if (p[1] > 0.3 && p[2] > 0.25) ++hist[std::min(35, int(p[0] / 10))];
        }
      const int peak = int(std::max_element(hist.begin(), hist.end()) - hist.begin());
      double hue = peak * 10 + 5;
      if (hue > 300 && range.lo < 0) hue -= 360;
      agree += hue >= range.lo && hue <= range.hi ? 1 : 0;
      ++total;
    }
  }
  EXPECT_GE(agree, total * 9 / 10) << agree << " of " << total;
}

TEST(SceneGenerator, WriteScenesMakesBalancedClassFolders) {
  const auto dir = testing::temp_dir("scenes_write");
  SceneOptions options;
  options.size = 64;
  int written = 0;
  write_scenes(dir, 18, 7, options, [&] { ++written; });
  EXPECT_EQ(written, 18);
  const auto items = scan_folder_dataset(dir);
  ASSERT_EQ(items.size(), 18u);
  for (auto count : count_per_class(items)) EXPECT_EQ(count, 2);
  EXPECT_EQ(load_image(items.front().path).cols, 64);
}

}  // namespace
}  // namespace vec2midi::vision
