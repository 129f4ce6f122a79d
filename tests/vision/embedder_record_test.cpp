#include "vision/embedder_record.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "io/error.hpp"
#include "io/safetensors.hpp"
#include "support/shared_data.hpp"
#include "vision/embedder_model.hpp"

namespace vec2midi::vision {
namespace {

/// An untrained small network with a record worth reading back.
EmbedderModel small_model() {
  torch::manual_seed(1);
  EmbedderModel model;
  model.options.input_size = 32;
  model.options.n_middle_blocks = 0;
  model.net = Embedder(model.options);
  model.net->eval();
  model.centres = {.embedding_size = 9, .mean = std::vector<float>(81, 0.1f), .std = std::vector<float>(81, 0.05f)};
  model.baseline_options.n_hue_bins = 12;
  const int64_t f = n_hue_features(model.baseline_options);
  for (int64_t i = 0; i < kNumClasses * f; ++i) model.baseline_centroids.push_back(float(i) / 100.0f);
  model.training = {{"data", {{{"dir", "/photos/a"}, {"held_out", {"red/1.jpg"}}}}}, {"seed", 7}};
  return model;
}

TEST(EmbedderRecord, ReadsWhatSaveEmbedderModelWrote) {
  const EmbedderModel model = small_model();
  const auto path = vec2midi::testing::temp_dir("record_round_trip") / "e.safetensors";
  save_embedder_model(path, model, io::DType::F16);
  const EmbedderRecord r = read_embedder_record(path);
  EXPECT_EQ(r.baseline_options.n_hue_bins, 12);
  EXPECT_EQ(r.baseline_centroids, model.baseline_centroids);  // stored as float32 whatever the weights' type
  EXPECT_EQ(r.training, model.training);
}

TEST(EmbedderRecord, AnEmptyClassHasAnInfiniteCentroid) {
  EmbedderModel model = small_model();
  std::fill(model.baseline_centroids.begin(), model.baseline_centroids.begin() + 5, std::numeric_limits<float>::infinity());
  const auto path = vec2midi::testing::temp_dir("record_infinite") / "e.safetensors";
  save_embedder_model(path, model, io::DType::F32);
  EXPECT_TRUE(std::isinf(read_embedder_record(path).baseline_centroids[0]));
}

TEST(EmbedderRecord, RefusesCentroidsOfTheWrongShape) {
  const EmbedderModel model = small_model();
  const auto path = vec2midi::testing::temp_dir("record_shape") / "e.safetensors";
  save_embedder_model(path, model, io::DType::F32);
  io::Safetensors st = io::read_safetensors(path);
  st.metadata["baseline"] = HueBaselineOptions{}.to_json_string();  // 18 hue bins: the stored centroids have 12
  io::write_safetensors(path, st);
  try {
    read_embedder_record(path);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("baseline.centroids"), std::string::npos) << e.what();
  }
}

TEST(EmbedderRecord, RefusesAFileThatIsNotAnEmbedder) {
  const auto path = vec2midi::testing::project_path("models/default_vae.safetensors");
  EXPECT_THROW(read_embedder_record(path), InputError);
}

}  // namespace
}  // namespace vec2midi::vision
