#include "vae/melody_encoder.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "io/error.hpp"
#include "random_music_vae.hpp"
#include "support/shared_data.hpp"
#include "vae/encoder_file.hpp"
#include "vae/model_io.hpp"
#include "vae/music_vae.hpp"

namespace vec2midi::vae {
namespace {

// n melodies of n_steps random events below n_events.
std::vector<uint8_t> random_events(int64_t n, int64_t n_steps, int64_t n_events, uint64_t seed) {
  torch::manual_seed(seed);
  const torch::Tensor t = torch::randint(n_events, {n * n_steps}, torch::kInt64);
  std::vector<uint8_t> events(size_t(n * n_steps));
  for (size_t i = 0; i < events.size(); ++i) events[i] = uint8_t(t[int64_t(i)].item<int64_t>());
  return events;
}

// The training model's own encode (MusicVaeImpl::encode, libtorch) of the same events: μ, n × Z.
std::vector<float> libtorch_mu(MusicVaeImpl& model, const std::vector<uint8_t>& events, int64_t n_steps) {
  torch::NoGradGuard no_grad;
  const int64_t n = int64_t(events.size()) / n_steps;
  std::vector<int64_t> wide(events.begin(), events.end());
  const torch::Tensor one_hot =
      torch::one_hot(torch::tensor(wide).view({n, n_steps}), model.options().n_events).to(torch::kFloat32);
  const torch::Tensor mu = model.encode(one_hot).mu.contiguous();
  return {mu.data_ptr<float>(), mu.data_ptr<float>() + mu.numel()};
}

void expect_close(const std::vector<float>& actual, const std::vector<float>& expected, double tolerance) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    ASSERT_NEAR(actual[i], expected[i], tolerance * (1.0 + std::abs(expected[i]))) << "value " << i;
  }
}

TEST(MelodyEncoder, EncodesWhatTheLibtorchModelEncodes) {
  // The file boundary: the training model saves, the inference encoder loads. One and two bi-LSTM layers, full
  // and shorter melodies, encoder widths 8 and 20 (20 leaves a tail after the 16-wide vector loop).
  for (const int64_t layers : {1, 2}) {
    for (const int64_t width : {8, 20}) {
      MusicVae model = testing::random_music_vae(1, 24, 30 + layers);
      MusicVaeOptions o = model->options();
      o.encoder_layers = layers;
      o.encoder_size = width;
      MusicVae with_encoder(o);
      with_encoder->reset_parameters(40 + uint64_t(width));
      {
        torch::NoGradGuard no_grad;  // μ kernels of N(0, 0.001²) would make every μ ≈ bias; spread them
        with_encoder->encoder_mu.kernel.normal_(0.0, 0.5);
      }
      const auto path = vec2midi::testing::temp_dir("melody_encoder") / "model.safetensors";
      save_music_vae(*with_encoder, path);
      const MelodyEncoder encoder(path);
      for (const int64_t n_steps : {32, 16, 5}) {
        const std::vector<uint8_t> events = random_events(6, n_steps, o.n_events, uint64_t(n_steps));
        expect_close(encoder.encode(events, n_steps), libtorch_mu(*with_encoder, events, n_steps), 1e-5);
      }
    }
  }
}

TEST(MelodyEncoder, EncodesLikeTheShippedModel) {
  const auto path = vec2midi::testing::project_path("models/default_vae.safetensors");
  const MelodyEncoder encoder(path);
  MusicVae model = load_music_vae(path);
  EXPECT_EQ(encoder.options(), model->options());
  const std::vector<uint8_t> events = random_events(4, 32, 90, 3);
  const std::vector<float> mu = encoder.encode(events, 32);
  ASSERT_EQ(mu.size(), size_t(4 * 128));
  expect_close(mu, libtorch_mu(*model, events, 32), 1e-4);
}

TEST(MelodyEncoder, ReadsAnEncoderFileAsTheWholeModel) {
  MusicVae model = testing::random_music_vae(2, 24, 5);
  const auto dir = vec2midi::testing::temp_dir("melody_encoder_file");
  save_music_vae(*model, dir / "model.safetensors");
  save_encoder(*model, dir / "encoder.safetensors");
  const std::vector<uint8_t> events = random_events(3, 32, 20, 8);
  EXPECT_EQ(MelodyEncoder(dir / "encoder.safetensors").encode(events, 32),
            MelodyEncoder(dir / "model.safetensors").encode(events, 32));
}

TEST(MelodyEncoder, ADecoderOnlyModelNamesTheEncoderFile) {
  MusicVaeOptions o = testing::random_music_vae(1, 24, 1)->options();
  o.has_encoder = false;
  MusicVae model(o);
  const auto path = vec2midi::testing::temp_dir("melody_encoder_decoder_only") / "decoder.safetensors";
  save_music_vae(*model, path);
  try {
    MelodyEncoder encoder(path);
    FAIL() << "a decoder-only model loaded as an encoder";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("decoder-only"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("fit-encoder"), std::string::npos) << e.what();
  }
}

TEST(MelodyEncoder, RefusesBadMelodies) {
  const auto path = testing::random_music_vae_file(1, 24, 2);
  const MelodyEncoder encoder(path);
  const std::vector<uint8_t> ok(32, 1);
  EXPECT_THROW(encoder.encode(ok, 33), InputError);                     // longer than max_steps
  EXPECT_THROW(encoder.encode(ok, 0), InputError);
  EXPECT_THROW(encoder.encode(std::vector<uint8_t>(31, 1), 32), InputError);  // not whole melodies
  std::vector<uint8_t> bad = ok;
  bad[7] = 20;  // the model has 20 events
  EXPECT_THROW(encoder.encode(bad, 32), InputError);
  EXPECT_TRUE(encoder.encode({}, 32).empty());
}

}  // namespace
}  // namespace vec2midi::vae
