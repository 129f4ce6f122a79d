#include "vision/embedder_evaluation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <tuple>

#include <opencv2/imgcodecs.hpp>

#include "io/error.hpp"
#include "support/shared_data.hpp"
#include "vision/centre_distances.hpp"
#include "vision/embedder_model.hpp"
#include "vision/image_io.hpp"
#include "vision_fixtures.hpp"

namespace vec2midi::vision {
namespace {

namespace fs = std::filesystem;

/// A flat BGR picture.
cv::Mat flat(cv::Scalar bgr) { return cv::Mat(32, 32, CV_8UC3, bgr); }

/// DIR/<class>/<name>.png for each (class, name, colour).
fs::path write_folder(const std::string& name, const std::vector<std::tuple<std::string, std::string, cv::Scalar>>& images) {
  const fs::path dir = vec2midi::testing::temp_dir(name);
  for (const auto& [cls, file, bgr] : images) {
    fs::create_directories(dir / cls);
    cv::imwrite((dir / cls / (file + ".png")).string(), flat(bgr));
  }
  return dir;
}

/// A hand-made "network": the embedding of a picture is its mean (red, blue) / 255. Centres: red at (1, 0),
/// blue at (0, 1), every other class far away. The baseline's centroids are the hue features of pure red and
/// pure blue pictures, the other classes empty (+inf).
MeasuredEmbedder red_blue_embedder() {
  MeasuredEmbedder m;
  m.embed = [](const std::vector<cv::Mat>& images) {
    RowMatrix out(Eigen::Index(images.size()), 2);
    for (size_t i = 0; i < images.size(); ++i) {
      const cv::Scalar mean = cv::mean(images[i]);
      out.row(Eigen::Index(i)) << float(mean[2] / 255), float(mean[0] / 255);
    }
    return out;
  };
  m.centres.embedding_size = 2;
  for (int c = 0; c < kNumClasses; ++c) {
    const bool red = c == class_index("red"), blue = c == class_index("blue");
    m.centres.mean.push_back(red ? 1.0f : blue ? 0.0f : 100.0f + float(c));
    m.centres.mean.push_back(red ? 0.0f : blue ? 1.0f : 100.0f);
  }
  m.centres.std.assign(m.centres.mean.size(), 0.1f);
  const int64_t f = n_hue_features(m.record.baseline_options);
  m.record.baseline_centroids.assign(size_t(kNumClasses * f), std::numeric_limits<float>::infinity());
  for (const auto& [name, bgr] : {std::pair{"red", cv::Scalar(0, 0, 255)}, std::pair{"blue", cv::Scalar(255, 0, 0)}}) {
    const std::vector<float> h = hue_features(flat(bgr), m.record.baseline_options);
    std::copy(h.begin(), h.end(), m.record.baseline_centroids.begin() + class_index(name) * f);
  }
  return m;
}

TEST(EmbedderEvaluation, FiguresOfAHandMadeNetwork) {
  // Keys sort blue/a, blue/b, red/a, red/b, red/c. red/c is mostly blue: (100, 255) -> (0.39, 1), nearest blue.
  const fs::path dir = write_folder("eval_hand", {{"red", "a", cv::Scalar(0, 0, 255)},
                                                  {"red", "b", cv::Scalar(180, 0, 200)},
                                                  {"red", "c", cv::Scalar(255, 0, 100)},
                                                  {"blue", "a", cv::Scalar(255, 0, 0)},
                                                  {"blue", "b", cv::Scalar(250, 10, 10)}});
  const auto r = evaluate_embedder(red_blue_embedder(), scan_folder_dataset(dir), false);
  const int red = class_index("red"), blue = class_index("blue");
  EXPECT_EQ(r.keys, (std::vector<std::string>{"blue/a.png", "blue/b.png", "red/a.png", "red/b.png", "red/c.png"}));
  EXPECT_EQ(r.labels, (std::vector<int>{blue, blue, red, red, red}));
  EXPECT_EQ(r.cnn_predicted, (std::vector<int>{blue, blue, red, red, blue}));
  EXPECT_DOUBLE_EQ(r.cnn.accuracy, 4.0 / 5.0);
  EXPECT_EQ(r.cnn.confusion[size_t(red)][size_t(blue)], 1);
  EXPECT_DOUBLE_EQ(r.cnn.recall[size_t(red)], 2.0 / 3.0);
  EXPECT_FLOAT_EQ(r.embeddings(4, 0), 100.0f / 255);
  EXPECT_FLOAT_EQ(r.embeddings(4, 1), 1.0f);
  // The baseline: nearest of the two hue centroids, and its features are colour_features() of each picture.
  const MeasuredEmbedder m = red_blue_embedder();
  const int64_t f = n_hue_features(m.record.baseline_options);
  ASSERT_EQ(r.features.cols(), n_colour_features(m.record.baseline_options));
  for (size_t i = 0; i < r.keys.size(); ++i) {
    const std::vector<float> want = colour_features(load_image(dir / r.keys[i]), m.record.baseline_options);
    for (size_t j = 0; j < want.size(); ++j) ASSERT_EQ(r.features(Eigen::Index(i), Eigen::Index(j)), want[j]) << i << ", " << j;
    double to_red = 0, to_blue = 0;
    for (int64_t j = 0; j < f; ++j) {
      to_red += std::pow(want[size_t(j)] - m.record.baseline_centroids[size_t(red * f + j)], 2);
      to_blue += std::pow(want[size_t(j)] - m.record.baseline_centroids[size_t(blue * f + j)], 2);
    }
    EXPECT_EQ(r.baseline_predicted[i], to_red < to_blue ? red : blue) << r.keys[i];
  }
  EXPECT_EQ(r.baseline.n_images, 5);
}

TEST(EmbedderEvaluation, AModelFileIsMeasuredWithoutLibtorchAsTheLibtorchNetworkClassifies) {
  // The shipped (trained) model: read_measured_embedder's plain network against the libtorch one on the nine
  // typical colours, and the classes both give by the file's centres.
  const fs::path path = vec2midi::testing::project_path("models/embedder.safetensors");
  std::vector<std::tuple<std::string, std::string, cv::Scalar>> images;
  for (int c = 0; c < kNumClasses; ++c) images.emplace_back(std::string(kClassNames[size_t(c)]), "a", fixtures::typical_bgr(c));
  const fs::path dir = write_folder("eval_file_images", images);
  const auto items = scan_folder_dataset(dir);
  const MeasuredEmbedder measured = read_measured_embedder(path);
  EmbedderModel model = load_embedder_model(path);
  EXPECT_EQ(measured.record.baseline_centroids, model.baseline_centroids);
  EXPECT_EQ(measured.centres.mean, model.centres.mean);
  const auto r = evaluate_embedder(measured, items, false);
  std::vector<cv::Mat> pictures;
  for (const auto& item : items) pictures.push_back(load_image(item.path));
  const torch::Tensor want = embed_images(model, pictures).contiguous();  // [9, E]
  for (Eigen::Index i = 0; i < r.embeddings.rows(); ++i)
    for (Eigen::Index k = 0; k < r.embeddings.cols(); ++k) EXPECT_NEAR(r.embeddings(i, k), want[i][k].item<float>(), 1e-4);
  const std::vector<int> nearest = nearest_centres(std::span<const float>(want.data_ptr<float>(), size_t(want.numel())),
                                                   model.centres.mean, want.size(1));
  EXPECT_EQ(r.cnn_predicted, nearest);
}

TEST(EmbedderEvaluation, BaselineFeaturesAreTheColourFeaturesOfEachImage) {
  const fs::path dir = write_folder("eval_features", {{"green", "a", cv::Scalar(0, 200, 0)}, {"yellow", "a", cv::Scalar(0, 230, 230)}});
  const auto items = scan_folder_dataset(dir);
  const auto b = baseline_features(items, {}, false);
  ASSERT_EQ(b.features.rows(), 2);
  EXPECT_EQ(b.labels, (std::vector<int>{class_index("green"), class_index("yellow")}));
  const std::vector<float> want = colour_features(load_image(items[1].path));
  for (size_t j = 0; j < want.size(); ++j) EXPECT_EQ(b.features(1, Eigen::Index(j)), want[j]);
}

TEST(EmbedderEvaluation, RefusesNoImages) {
  EXPECT_THROW(evaluate_embedder(red_blue_embedder(), {}, false), InputError);
  EXPECT_THROW(baseline_features({}, {}, false), InputError);
}

}  // namespace
}  // namespace vec2midi::vision
