#include "vision/plain_embedder.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "io/error.hpp"
#include "support/shared_data.hpp"
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

TEST(PlainEmbedder, PoolsByAttentionAsTheLibtorchNetworkDoes) {
  // A randomly initialised network with attention pooling (larger attention weights than the default init, so that
  // the softmax is far from uniform), saved as float32 and read by both sides.
  torch::manual_seed(5);
  EmbedderModel model;
  model.options.pooling = "attention";
  model.net = Embedder(model.options);
  {
    torch::NoGradGuard no_grad;
    for (auto& item : model.net->named_parameters()) {
      if (item.key().rfind("attention.", 0) == 0) item.value().normal_(0.0, 2.0);
    }
  }
  model.net->eval();
  model.centres = {.embedding_size = 9, .mean = std::vector<float>(81, 0.1f), .std = std::vector<float>(81, 0.05f)};
  model.baseline_centroids.assign(size_t(kNumClasses * n_hue_features(model.baseline_options)), 0.0f);
  const auto path = vec2midi::testing::temp_dir("plain_attention") / "e.safetensors";
  save_embedder_model(path, model, io::DType::F32);
  const PlainEmbedder plain(path);
  EmbedderModel reference = load_embedder_model(path);
  EXPECT_EQ(reference.options.pooling, "attention");
  const std::vector<cv::Mat> pictures = noisy_pictures();
  const torch::Tensor want = embed_images(reference, pictures);  // [N, E]
  for (size_t i = 0; i < pictures.size(); ++i) {
    const std::vector<float> e = plain.embed(pictures[i]);
    for (size_t k = 0; k < e.size(); ++k) EXPECT_NEAR(e[k], want[int64_t(i)][int64_t(k)].item<float>(), 1e-4) << i << ", " << k;
  }
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
