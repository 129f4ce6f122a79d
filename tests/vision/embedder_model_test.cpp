#include "vision/embedder_model.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "support/shared_data.hpp"
#include "vision_fixtures.hpp"

namespace vec2midi::vision {
namespace {

EmbedderModel tiny_model() {
  TrainRunOptions run;
  run.show_progress = false;
  return *train_embedder(fixtures::solid_colour_set(2, 40), fixtures::tiny_options(2), run);
}

TEST(EmbedderModel, Float32RoundTripGivesIdenticalEmbeddings) {
  auto model = tiny_model();
  const auto path = vec2midi::testing::temp_dir("model_f32") / "m.safetensors";
  save_embedder_model(path, model, io::DType::F32);
  auto loaded = load_embedder_model(path);
  const auto images = fixtures::solid_colour_set(1, 40).images;
  EXPECT_TRUE(torch::equal(embed_images(model, images), embed_images(loaded, images)));
  EXPECT_EQ(model.centres.mean, loaded.centres.mean);
  EXPECT_EQ(model.centres.std, loaded.centres.std);
  EXPECT_EQ(loaded.centres.embedding_size, 9);
  EXPECT_EQ(model.baseline_centroids, loaded.baseline_centroids);
  EXPECT_EQ(loaded.options, model.options);
}

TEST(EmbedderModel, Float16RoundTripIsClose) {
  auto model = tiny_model();
  const auto path = vec2midi::testing::temp_dir("model_f16") / "m.safetensors";
  save_embedder_model(path, model, io::DType::F16);
  auto loaded = load_embedder_model(path);
  const auto images = fixtures::solid_colour_set(1, 40).images;
  EXPECT_TRUE(torch::allclose(embed_images(model, images), embed_images(loaded, images), 0, 2e-2));
}

TEST(EmbedderModel, MetadataSaysWhatTheFileIs) {
  auto model = tiny_model();
  const auto path = vec2midi::testing::temp_dir("model_meta") / "m.safetensors";
  save_embedder_model(path, model);
  const auto st = io::read_safetensors(path);
  EXPECT_EQ(st.metadata.at("format"), "vec2midi.embedder");
  EXPECT_EQ(nlohmann::json::parse(st.metadata.at("classes"))[6], "red");
  EXPECT_EQ(st.tensors.at("centres.mean").shape, (std::vector<int64_t>{9, 9}));
  EXPECT_EQ(st.tensors.at("centres.std").dtype, io::DType::F32);
  EXPECT_EQ(st.tensors.at("net.head.weight").dtype, io::DType::F16);
}

TEST(EmbedderModel, OtherSafetensorsFileIsRefused) {
  const auto path = vec2midi::testing::temp_dir("model_other") / "vae.safetensors";
  io::Safetensors st;
  st.metadata["format"] = "vec2midi.music_vae";
  io::write_safetensors(path, st);
  try {
    load_embedder_model(path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not a vec2midi embedder"), std::string::npos) << e.what();
  }
}

TEST(EmbedderModel, WrongTensorShapeIsRefused) {
  auto model = tiny_model();
  const auto path = vec2midi::testing::temp_dir("model_shape") / "m.safetensors";
  save_embedder_model(path, model, io::DType::F32);
  auto st = io::read_safetensors(path);
  const std::vector<float> values(18, 0.0f);
  st.tensors["centres.mean"] = io::StoredTensor::from_float({2, 9}, values);
  io::write_safetensors(path, st);
  EXPECT_THROW(load_embedder_model(path), InputError);
}

TEST(EmbedderModel, MissingFileIsAnInputError) { EXPECT_THROW(load_embedder_model("/nonexistent/embedder.safetensors"), InputError); }

}  // namespace
}  // namespace vec2midi::vision
