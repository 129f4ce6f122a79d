#include "vae/plain_decoder.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <vector>

#include "io/error.hpp"
#include "support/shared_data.hpp"
#include "vae/fast_decoder.hpp"
#include "vae/model_io.hpp"
#include "vae/music_vae.hpp"

namespace vec2midi::vae {
namespace {

// A small random model (as in fast_decoder_test) saved to a file: logits spread enough for varied melodies.
std::filesystem::path random_model_file(int64_t layers, uint64_t seed) {
  MusicVaeOptions o;
  o.z_size = 12;
  o.encoder_size = 8;
  o.decoder_size = 24;
  o.decoder_layers = layers;
  o.n_events = 20;
  o.max_steps = 32;
  MusicVae vae(o);
  vae->reset_parameters(seed);
  {
    torch::NoGradGuard no_grad;
    vae->z_to_initial_state.kernel.normal_(0.0, 0.5);
    vae->output_projection.kernel.mul_(4.0);
  }
  const auto path = vec2midi::testing::temp_dir("plain_decoder") / ("vae" + std::to_string(layers) + ".safetensors");
  save_music_vae(*vae, path);
  return path;
}

std::vector<float> row(const torch::Tensor& z, int64_t i) {
  const torch::Tensor r = z[i].contiguous();
  return {r.data_ptr<float>(), r.data_ptr<float>() + r.numel()};
}

TEST(PlainDecoder, DecodesWhatFastDecoderDecodes) {
  for (const int64_t layers : {1, 2, 3}) {
    const auto path = random_model_file(layers, 20 + layers);
    const PlainDecoder plain(path);
    const FastDecoder fast(*load_music_vae(path));
    torch::manual_seed(layers);
    const torch::Tensor z = torch::randn({8, 12});
    for (const DecodeOptions& o : {DecodeOptions{.n_steps = 32}, DecodeOptions{.n_steps = 16, .temperature = 1.0, .seed = 5},
                                   DecodeOptions{.n_steps = 7, .temperature = 0.3, .seed = 9}}) {
      const torch::Tensor want = fast.decode(z, o);
      for (int64_t i = 0; i < z.size(0); ++i) {
        const std::vector<uint8_t> got = plain.decode(row(z, i), o, i);
        const torch::Tensor want_row = want[i].contiguous();
        EXPECT_EQ(got, std::vector<uint8_t>(want_row.data_ptr<uint8_t>(), want_row.data_ptr<uint8_t>() + o.n_steps))
            << layers << " layers, item " << i << ", T " << o.temperature;
      }
    }
  }
}

TEST(PlainDecoder, RefusesBadLatentsStepsAndTemperatures) {
  const PlainDecoder plain(random_model_file(1, 3));
  const std::vector<float> z(12, 0.1f);
  EXPECT_THROW(plain.decode(std::vector<float>(11, 0.1f)), InputError);
  std::vector<float> nan = z;
  nan[3] = std::nanf("");
  EXPECT_THROW(plain.decode(nan), InputError);
  EXPECT_THROW(plain.decode(z, {.n_steps = 0}), InputError);
  EXPECT_THROW(plain.decode(z, {.n_steps = 33}), InputError);
  EXPECT_THROW(plain.decode(z, {.n_steps = 4, .temperature = -1.0}), InputError);
  EXPECT_EQ(plain.decode(z, {.n_steps = 4}).size(), 4u);
}

TEST(PlainDecoder, RefusesAFileThatIsNotAMusicVae) {
  const auto path = vec2midi::testing::project_path("models/embedder.safetensors");
  try {
    const PlainDecoder plain(path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace vec2midi::vae
