#include "vision/plain_embedder.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "io/error.hpp"
#include "support/shared_data.hpp"
#include "vision/centre_distances.hpp"
#include "vision/colour_class.hpp"
#include "vision/image_io.hpp"
#include "vision/embedder_model.hpp"
#include "vision/hue_baseline.hpp"

namespace vec2midi::vision {
namespace {

// Noisy pictures of several sizes and aspect ratios (the resize is part of what is compared).
std::vector<cv::Mat> noisy_pictures() {
  cv::RNG rng(17);
  std::vector<cv::Mat> pictures;
  for (const cv::Size size : {cv::Size(128, 128), cv::Size(300, 200), cv::Size(50, 90), cv::Size(640, 480)}) {
    cv::Mat m(size, CV_8UC3);
    rng.fill(m, cv::RNG::UNIFORM, cv::Scalar::all(0), cv::Scalar::all(256));
    cv::GaussianBlur(m, m, cv::Size(0, 0), 3.0);
    pictures.push_back(m);
  }
  return pictures;
}

TEST(PlainEmbedder, EmbedsAsTheLibtorchNetworkDoes) {
  const auto path = vec2midi::testing::project_path("models/embedder.safetensors");
  const PlainEmbedder plain(path);
  EmbedderModel reference = load_embedder_model(path);
  const std::vector<cv::Mat> pictures = noisy_pictures();
  const torch::Tensor want = embed_images(reference, pictures);  // [N, E]
  for (size_t i = 0; i < pictures.size(); ++i) {
    const std::vector<float> e = plain.embed(pictures[i]);
    ASSERT_EQ(int64_t(e.size()), want.size(1));
    double norm2 = 0.0;
    for (size_t k = 0; k < e.size(); ++k) {
      EXPECT_NEAR(e[k], want[int64_t(i)][int64_t(k)].item<float>(), 1e-4) << "picture " << i << ", dim " << k;
      norm2 += double(e[k]) * e[k];
    }
    EXPECT_NEAR(norm2, 1.0, 1e-5);
  }
  EXPECT_EQ(plain.centres().mean, reference.centres.mean);
  EXPECT_EQ(plain.centres().std, reference.centres.std);
}

TEST(PlainEmbedder, PhotoEmbeddersNameTheBundledExamplesAsTheirFileNamesSay) {
  // The two embedders trained on the photo split (models/embedder.md; models/embedder_mobilenet_v2.md, the pretrained
  // MobileNetV2 backbone): the libtorch network and the plain engine give the same embeddings of the real photos in
  // examples/, and the nearest of the file's centres is the colour each file is named after (red_car.jpg: red), as
  // labelled by a person, not by this code.
  for (const std::string file : {"models/embedder.safetensors", "models/embedder_mobilenet_v2.safetensors"}) {
    SCOPED_TRACE(file);
    const auto path = vec2midi::testing::project_path(file);
    const PlainEmbedder plain(path);
    EmbedderModel reference = load_embedder_model(path);
    std::vector<cv::Mat> pictures;
    std::vector<int> labels;
    for (const std::string name : {"blue_swatch", "green_car", "orange_car", "purple_car", "red_car", "yellow_vase"}) {
      pictures.push_back(load_image(vec2midi::testing::project_path("examples/" + name + ".jpg")));
      labels.push_back(class_index(name.substr(0, name.find('_'))));
    }
    const torch::Tensor want = embed_images(reference, pictures);  // [6, E]
    const std::vector<std::vector<float>> got = plain.embed(pictures);
    for (size_t i = 0; i < pictures.size(); ++i) {
      for (size_t k = 0; k < got[i].size(); ++k) EXPECT_NEAR(got[i][k], want[int64_t(i)][int64_t(k)].item<float>(), 1e-4);
      EXPECT_EQ(centre_distances(got[i], plain.centres().mean).nearest, labels[i]) << "picture " << i;
    }
  }
}

// A randomly initialised network with `options`, saved as float32 under `name` (read by both sides). Attention
// weights are drawn larger than the default init, so that the softmax is far from uniform.
std::filesystem::path random_model_file(const EmbedderOptions& options, const std::string& name) {
  torch::manual_seed(5);
  EmbedderModel model;
  model.options = options;
  model.net = Embedder(model.options);
  {
    torch::NoGradGuard no_grad;
    for (auto& item : model.net->named_parameters()) {
      if (item.key().rfind("attention.", 0) == 0) item.value().normal_(0.0, 2.0);
    }
  }
  model.net->eval();
  const int64_t e = options.embedding_size;
  model.centres = {.embedding_size = e, .mean = std::vector<float>(size_t(kNumClasses * e), 0.1f),
                   .std = std::vector<float>(size_t(kNumClasses * e), 0.05f)};
  model.baseline_centroids.assign(size_t(kNumClasses * n_hue_features(model.baseline_options)), 0.0f);
  const auto path = vec2midi::testing::temp_dir(name) / "e.safetensors";
  save_embedder_model(path, model, io::DType::F32);
  return path;
}

// Expects the plain engine's embeddings of noisy_pictures() to be the libtorch network's, both read from `path`.
void expect_libtorch_embeddings(const std::filesystem::path& path) {
  const PlainEmbedder plain(path);
  EmbedderModel reference = load_embedder_model(path);
  const std::vector<cv::Mat> pictures = noisy_pictures();
  const torch::Tensor want = embed_images(reference, pictures);  // [N, E]
  for (size_t i = 0; i < pictures.size(); ++i) {
    const std::vector<float> e = plain.embed(pictures[i]);
    ASSERT_EQ(int64_t(e.size()), want.size(1));
    for (size_t k = 0; k < e.size(); ++k) {
      EXPECT_NEAR(e[k], want[int64_t(i)][int64_t(k)].item<float>(), 1e-4) << i << ", " << k;
    }
  }
}

TEST(PlainEmbedder, PoolsByAttentionAsTheLibtorchNetworkDoes) {
  EmbedderOptions options;
  options.pooling = "attention";
  const auto path = random_model_file(options, "plain_attention");
  EXPECT_EQ(load_embedder_model(path).options.pooling, "attention");
  expect_libtorch_embeddings(path);
}

TEST(PlainEmbedder, EmbedsA160PixelInputAsTheLibtorchNetworkDoes) {
  EmbedderOptions options;
  options.input_size = 160;  // the larger recipe of docs/EMBEDDER.md: odd sides (5 x 5) after the last stride
  expect_libtorch_embeddings(random_model_file(options, "plain_160"));
}

TEST(PlainEmbedder, PadsChannelCountsThatAreNotMultiplesOfEight) {
  EmbedderOptions options;
  options.width_multiplier = 0.3;  // 10, 19, 38, 77, 154, 307 channels: padded to 16, 24, ... inside
  options.pooling = "attention";
  expect_libtorch_embeddings(random_model_file(options, "plain_padded"));
}

// A mobilenet_v2 backbone (Keras's layout, BatchNorm epsilon 1e-3, [0, 1] input) with BatchNorm statistics drawn
// away from the initial ones, so that a wrong epsilon, scaling or padding shows in the embeddings.
std::filesystem::path random_v2_model_file(int64_t input_size, int64_t blocks, const std::string& name) {
  EmbedderOptions options;
  options.backbone = "mobilenet_v2";
  options.v2_blocks = blocks;
  options.input_size = input_size;
  const auto path = random_model_file(options, name);
  EmbedderModel model = load_embedder_model(path);
  {
    torch::NoGradGuard no_grad;
    for (auto& item : model.net->named_buffers()) {
      if (item.key().ends_with("running_var")) item.value().uniform_(0.05, 1.0);
      if (item.key().ends_with("running_mean")) item.value().normal_(0.0, 0.05);
    }
    for (auto& item : model.net->named_parameters()) {
      if (item.key().find("bn_") != std::string::npos && item.key().ends_with(".bias")) item.value().normal_(0.0, 0.2);
    }
  }
  save_embedder_model(path, model, io::DType::F32);
  return path;
}

TEST(PlainEmbedder, EmbedsAsTheLibtorchMobileNetV2Does) {
  // 128: even sides down to 4 x 4 (Keras pads bottom and right only); 100: odd sides (25, 13, 7) on the way, where
  // Keras pads all round; 6 blocks: a network cut after a residual block.
  for (const auto& [size, blocks] : {std::pair<int64_t, int64_t>{128, 17}, {100, 17}, {64, 6}, {64, 1}}) {
    SCOPED_TRACE("input " + std::to_string(size) + ", " + std::to_string(blocks) + " blocks");
    expect_libtorch_embeddings(random_v2_model_file(size, blocks, "plain_v2_" + std::to_string(size) + "_" + std::to_string(blocks)));
  }
}

TEST(PlainEmbedder, SeesTheCentredCropItsFileNames) {
  // The shipped network saved again with a view of 80 % of each side (its float16 weights stored as they were): the
  // view's embedding of a picture is the whole-frame embedding of the picture's middle, cut out here by hand, for
  // real photos and noisy pictures; libtorch's network read from the same file sees the same.
  const auto whole = vec2midi::testing::project_path("models/embedder.safetensors");
  EmbedderModel model = load_embedder_model(whole);
  ASSERT_TRUE(model.view.whole_frame());
  model.view = EmbedderView{.centre_crop = 0.8};
  const auto cropped = vec2midi::testing::temp_dir("plain_crop80") / "e.safetensors";
  save_embedder_model(cropped, model, io::DType::F16);
  const PlainEmbedder full(whole), through_view(cropped), told(whole, EmbedderView{.centre_crop = 0.8});
  EXPECT_EQ(through_view.view().centre_crop, 0.8);
  EXPECT_TRUE(full.view().whole_frame());
  std::vector<cv::Mat> pictures = noisy_pictures();
  for (const std::string name : {"blue_swatch", "green_car", "red_car", "yellow_vase"}) {
    pictures.push_back(load_image(vec2midi::testing::project_path("examples/" + name + ".jpg")));
  }
  for (size_t i = 0; i < pictures.size(); ++i) {
    const cv::Mat& p = pictures[i];
    const int w = int(std::lround(p.cols * 0.8)), h = int(std::lround(p.rows * 0.8));
    const cv::Mat middle = p(cv::Rect((p.cols - w) / 2, (p.rows - h) / 2, w, h)).clone();
    const std::vector<float> want = full.embed(middle);
    EXPECT_EQ(through_view.embed(p), want) << "picture " << i;
    EXPECT_EQ(told.embed(p), want) << "picture " << i;
    const std::vector<float> seen_whole = full.embed(p);
    double moved = 0.0;
    for (size_t k = 0; k < want.size(); ++k) moved = std::max(moved, double(std::abs(seen_whole[k] - want[k])));
    EXPECT_GT(moved, 1e-3) << "picture " << i << ": the crop should change what the network sees";
  }
  expect_libtorch_embeddings(cropped);
  EXPECT_EQ(load_embedder_model(cropped).view.centre_crop, 0.8);
}

TEST(PlainEmbedder, RefusesAViewOutsideATenthToOne) {
  const auto path = random_model_file(EmbedderOptions{}, "plain_bad_view");
  EXPECT_THROW(PlainEmbedder(path, EmbedderView{.centre_crop = 0.05}), InputError);
  EXPECT_THROW(PlainEmbedder(path, EmbedderView{.centre_crop = 1.2}), InputError);
}

TEST(PlainEmbedder, EmbedsABatchAsOneByOne) {
  const PlainEmbedder plain(vec2midi::testing::project_path("models/embedder.safetensors"));
  std::vector<cv::Mat> pictures;
  for (const cv::Mat& m : noisy_pictures()) {  // 12 pictures, so that every thread count shares them out
    cv::Mat inverted, flipped;
    cv::bitwise_not(m, inverted);
    cv::flip(m, flipped, 1);
    pictures.insert(pictures.end(), {m, inverted, flipped});
  }
  for (const int n_threads : {0, 1, 2, 5}) {
    const std::vector<std::vector<float>> batch = plain.embed(pictures, n_threads);
    ASSERT_EQ(batch.size(), pictures.size());
    for (size_t i = 0; i < pictures.size(); ++i) {
      EXPECT_EQ(batch[i], plain.embed(pictures[i])) << n_threads << " threads, picture " << i;
    }
  }
}

TEST(PlainEmbedder, EmbedsFilesInTheirOrderAsThePicturesOneByOne) {
  const PlainEmbedder plain(vec2midi::testing::project_path("models/embedder.safetensors"));
  std::vector<std::filesystem::path> files;
  for (int copy = 0; copy < 12; ++copy) {  // 72 files: more than one chunk of 64
    for (const std::string name : {"blue_swatch", "green_car", "orange_car", "purple_car", "red_car", "yellow_vase"}) {
      files.push_back(vec2midi::testing::project_path("examples/" + name + ".jpg"));
    }
  }
  std::swap(files[3], files[70]);
  std::vector<int64_t> told;
  const std::vector<std::vector<float>> got = plain.embed_files(files, [&](int64_t done) { told.push_back(done); });
  ASSERT_EQ(got.size(), files.size());
  EXPECT_EQ(told, (std::vector<int64_t>{64, 72}));  // after each chunk
  for (size_t i = 0; i < files.size(); ++i) EXPECT_EQ(got[i], plain.embed(load_image(files[i]))) << files[i];
  files.push_back("/nonexistent/picture.jpg");
  EXPECT_THROW(plain.embed_files(files), InputError);
}

TEST(PlainEmbedder, EmbedsABatchOfOnePicture) {
  const PlainEmbedder plain(vec2midi::testing::project_path("models/embedder.safetensors"));
  const std::vector<cv::Mat> pictures = {noisy_pictures()[1]};
  const std::vector<std::vector<float>> batch = plain.embed(pictures, 2);
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0], plain.embed(pictures[0]));
}

TEST(PlainEmbedder, EmbedsABatchOfNoPictures) {
  const PlainEmbedder plain(vec2midi::testing::project_path("models/embedder.safetensors"));
  EXPECT_TRUE(plain.embed(std::span<const cv::Mat>{}).empty());
}

TEST(PlainEmbedder, BatchPassesOnTheErrorOfAPicture) {
  const PlainEmbedder plain(vec2midi::testing::project_path("models/embedder.safetensors"));
  std::vector<cv::Mat> pictures = noisy_pictures();
  pictures[2] = cv::Mat();  // not a picture: resize_bicubic refuses it
  EXPECT_THROW(plain.embed(pictures, 2), Error);
}

TEST(PlainEmbedder, BatchRefusesANegativeThreadCount) {
  const PlainEmbedder plain(vec2midi::testing::project_path("models/embedder.safetensors"));
  EXPECT_THROW(plain.embed(noisy_pictures(), -1), InputError);
}

TEST(PlainEmbedder, RefusesAFileThatIsNotAnEmbedder) {
  const auto path = vec2midi::testing::project_path("models/default_vae.safetensors");
  try {
    const PlainEmbedder plain(path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not a vec2midi embedder file"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace vec2midi::vision
