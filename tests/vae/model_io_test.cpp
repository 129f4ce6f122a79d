#include "vae/model_io.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "io/error.hpp"
#include "io/safetensors.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::vae {
namespace {

MusicVaeOptions tiny_options(bool has_encoder) {
  MusicVaeOptions o;
  o.z_size = 4;
  o.encoder_size = 3;
  o.decoder_size = 5;
  o.decoder_layers = 2;
  o.n_events = 6;
  o.max_steps = 8;
  o.has_encoder = has_encoder;
  return o;
}

std::filesystem::path saved_tiny_model(const std::string& name, bool has_encoder = true) {
  MusicVae vae(tiny_options(has_encoder));
  vae->reset_parameters(1);
  const auto path = vec2midi::testing::temp_dir("model_io_" + name) / "vae.safetensors";
  save_music_vae(*vae, path, "test");
  return path;
}

TEST(ModelIo, RoundTripKeepsConfigAndWeights) {
  for (const bool has_encoder : {true, false}) {
    MusicVae vae(tiny_options(has_encoder));
    vae->reset_parameters(2);
    const auto path = vec2midi::testing::temp_dir(has_encoder ? "rt_enc" : "rt_dec") / "vae.safetensors";
    save_music_vae(*vae, path);
    MusicVae back = load_music_vae(path);
    EXPECT_EQ(back->options(), vae->options());
    const auto a = vae->magenta_variables(), b = back->magenta_variables();
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].first, b[i].first);
      EXPECT_TRUE(torch::equal(a[i].second, b[i].second)) << a[i].first;
    }
  }
}

TEST(ModelIo, FileCarriesFormatAndConfigMetadata) {
  const io::Safetensors st = io::read_safetensors(saved_tiny_model("meta"));
  EXPECT_EQ(st.metadata.at("format"), "vec2midi.music_vae");
  EXPECT_EQ(MusicVaeOptions::from_json_string(st.metadata.at("music_vae")), tiny_options(true));
  EXPECT_EQ(st.metadata.at("source"), "test");
  EXPECT_EQ(st.tensors.at("decoder/output_projection/kernel").shape, (std::vector<int64_t>{5, 6}));
}

// Rewrites the saved tiny model after `edit`, then expects load_music_vae to throw InputError mentioning `needle`.
template <typename Edit>
void expect_load_error(const std::string& name, Edit edit, const std::string& needle) {
  const auto path = saved_tiny_model(name);
  io::Safetensors st = io::read_safetensors(path);
  edit(st);
  io::write_safetensors(path, st);
  try {
    load_music_vae(path);
    ADD_FAILURE() << "no error for " << name;
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}

TEST(ModelIo, RejectsOtherFormats) {
  expect_load_error("fmt", [](io::Safetensors& st) { st.metadata["format"] = "something.else"; }, "format");
}

TEST(ModelIo, RejectsMissingTensor) {
  expect_load_error("missing", [](io::Safetensors& st) { st.tensors.erase("decoder/output_projection/bias"); },
                    "decoder/output_projection/bias");
}

TEST(ModelIo, RejectsWrongShape) {
  expect_load_error("shape", [](io::Safetensors& st) {
    const std::vector<float> v(12, 0.0f);
    st.tensors["encoder/mu/bias"] = io::StoredTensor::from_float({12}, v);
  }, "encoder/mu/bias");
}

TEST(ModelIo, RejectsNaNWeights) {
  expect_load_error("nan", [](io::Safetensors& st) {
    std::vector<float> v = st.tensors.at("decoder/z_to_initial_state/bias").to_float();
    v[3] = NAN;
    st.tensors["decoder/z_to_initial_state/bias"] = io::StoredTensor::from_float({20}, v);
  }, "NaN");
}

TEST(ModelIo, RejectsUnexpectedTensor) {
  expect_load_error("extra", [](io::Safetensors& st) {
    const std::vector<float> v(1, 0.0f);
    st.tensors["decoder/extra"] = io::StoredTensor::from_float({1}, v);
  }, "decoder/extra");
}

TEST(ModelIo, MissingFileIsInputError) {
  EXPECT_THROW(load_music_vae(vec2midi::testing::temp_dir("nofile") / "absent.safetensors"), InputError);
}

}  // namespace
}  // namespace vec2midi::vae
