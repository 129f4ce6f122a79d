#include "vae/melody_decoder.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <vector>

#include "io/error.hpp"
#include "magenta_fixture.hpp"
#include "music/event_codec.hpp"
#include "random_music_vae.hpp"
#include "support/bf16_available.hpp"
#include "support/shared_data.hpp"
#include "libtorch_reference_decode.hpp"
#include "vae/model_export.hpp"
#include "vae/model_io.hpp"
#include "vae/music_vae.hpp"

namespace vec2midi::vae {
namespace {

using compute::Precision;

using testing::random_music_vae_file;

std::vector<float> floats(const torch::Tensor& t) {
  const torch::Tensor c = t.contiguous();
  return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

const std::vector<DecodeOptions>& option_cases() {
  static const std::vector<DecodeOptions> cases{DecodeOptions{.n_steps = 32},
                                                DecodeOptions{.n_steps = 16, .temperature = 1.0, .seed = 5},
                                                DecodeOptions{.n_steps = 7, .temperature = 0.3, .seed = 9}};
  return cases;
}

TEST(MelodyDecoder, DecodesWhatTheLibtorchModelDecodes) {
  // The file boundary: the training model (libtorch) saves, the inference decoder loads. Widths 24 and 40 leave
  // a tail after the 16-wide vector loop; 1..3 layers.
  for (const int64_t layers : {1, 2, 3}) {
    for (const int64_t hidden : {24, 40}) {
      const auto path = random_music_vae_file(layers, hidden, 20 + layers);
      const MelodyDecoder decoder(path);
      MusicVae reference = load_music_vae(path);
      torch::manual_seed(layers);
      const std::vector<float> z = floats(torch::randn({8, 12}));
      for (const DecodeOptions& o : option_cases()) {
        EXPECT_EQ(decoder.decode(z, o, 3), libtorch_reference_decode(*reference, z, o, 3))
            << layers << " layers of " << hidden << ", T " << o.temperature;
      }
    }
  }
}

TEST(MelodyDecoder, DecodesAModelInMemoryAsItsFile) {
  // inference_decoder(): the decoder of a training model without writing it (training's prior inversion).
  const auto path = random_music_vae_file(2, 24, 7);
  MusicVae model = load_music_vae(path);
  const std::vector<float> z = floats(torch::randn({5, 12}));
  for (const DecodeOptions& o : option_cases()) {
    EXPECT_EQ(inference_decoder(*model)->decode(z, o), MelodyDecoder(path).decode(z, o)) << "T " << o.temperature;
  }
}

TEST(MelodyDecoder, BlocksAndThreadsDoNotChangeAMelody) {
  // 300 rows make three blocks decoded in parallel; each row must equal its own decode at its item number.
  const MelodyDecoder decoder(random_music_vae_file(2, 24, 7));
  torch::manual_seed(3);
  const std::vector<float> z = floats(torch::randn({300, 12}));
  for (const DecodeOptions& o : option_cases()) {
    const std::vector<uint8_t> all = decoder.decode(z, o, 1000);
    ASSERT_EQ(all.size(), size_t(300 * o.n_steps));
    for (const int64_t i : {0, 127, 128, 200, 299}) {
      const std::vector<uint8_t> one = decoder.decode(std::span(z).subspan(size_t(i * 12), 12), o, 1000 + i);
      EXPECT_EQ(one, std::vector<uint8_t>(all.begin() + i * o.n_steps, all.begin() + (i + 1) * o.n_steps))
          << "row " << i << ", T " << o.temperature;
    }
  }
}

TEST(MelodyDecoder, SamplingDependsOnTheSeed) {
  const MelodyDecoder decoder(random_music_vae_file(1, 24, 4));
  torch::manual_seed(5);
  const std::vector<float> z = floats(torch::randn({16, 12}));
  const auto a = decoder.decode(z, {.n_steps = 32, .temperature = 1.0, .seed = 1});
  EXPECT_EQ(a, decoder.decode(z, {.n_steps = 32, .temperature = 1.0, .seed = 1}));
  EXPECT_NE(a, decoder.decode(z, {.n_steps = 32, .temperature = 1.0, .seed = 2}));
}

TEST(MelodyDecoder, RefusesBadLatentsStepsAndTemperatures) {
  const MelodyDecoder decoder(random_music_vae_file(1, 24, 3));
  const std::vector<float> z(12, 0.1f);
  EXPECT_THROW(decoder.decode(std::vector<float>(11, 0.1f)), InputError);
  std::vector<float> nan = z;
  nan[3] = std::nanf("");
  EXPECT_THROW(decoder.decode(nan), InputError);
  EXPECT_THROW(decoder.decode(z, {.n_steps = 0}), InputError);
  EXPECT_THROW(decoder.decode(z, {.n_steps = 33}), InputError);
  EXPECT_THROW(decoder.decode(z, {.n_steps = 4, .temperature = -1.0}), InputError);
  EXPECT_EQ(decoder.decode(z, {.n_steps = 4}).size(), 4u);
  EXPECT_TRUE(decoder.decode({}, {.n_steps = 4}).empty());
}

TEST(MelodyDecoder, RefusesAFileThatIsNotAMusicVae) {
  const auto path = vec2midi::testing::project_path("models/embedder.safetensors");
  try {
    const MelodyDecoder decoder(path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
}

// Magenta's mel_2bar_small saved as our model file, the golden file's 64 z and its magenta.js melodies.
struct Golden {
  Golden() {
    MusicVae vae = testing::load_shared_mel_2bar_small();
    path = vec2midi::testing::temp_dir("melody_decoder") / "mel_2bar_small.safetensors";
    save_music_vae(*vae, path);
    json = vec2midi::testing::shared_json("golden/magenta_mel_2bar_small_argmax.json");
    n_steps = json.at("steps").get<int64_t>();
    z = floats(testing::golden_z(json));
  }
  // How many of the 64 decoded melodies have magenta.js's notes.
  int matches(const std::vector<uint8_t>& events) const {
    int same = 0;
    for (size_t i = 0; i < 64; ++i) {
      const music::Melody melody =
          music::events_to_melody(std::span(events).subspan(i * size_t(n_steps), size_t(n_steps)));
      same += testing::melody_notes(melody) == testing::golden_notes(json.at("items")[i]);
    }
    return same;
  }
  std::filesystem::path path;
  nlohmann::json json;
  int64_t n_steps = 0;
  std::vector<float> z;
};

TEST(MelodyDecoder, ReproducesMagentaJsGreedyMelodies) {
  // The strongest check we have: magenta.js 1.23.1 decoded these 64 z with Magenta's weights.
  const Golden golden;
  ASSERT_EQ(golden.json.at("items").size(), 64u);
  EXPECT_EQ(golden.matches(MelodyDecoder(golden.path).decode(golden.z, {.n_steps = golden.n_steps})), 64);
}

TEST(MelodyDecoder, Bfloat16StaysCloseToFloat32) {
  if (!vec2midi::testing::bf16_matmul_available()) GTEST_SKIP() << "oneDNN has no bf16 matmul on this CPU (no AVX-512)";
  // bf16 rounds h and the weights to 8 significant bits: most steps keep their argmax, not all (measured in
  // docs/BENCHMARKS.md). A broken bf16 path (wrong layout, unrounded bits read as floats) agrees on few steps.
  const Golden golden;
  const auto f32 = MelodyDecoder(golden.path).decode(golden.z, {.n_steps = golden.n_steps});
  const auto bf16 = MelodyDecoder(golden.path, Precision::kBfloat16).decode(golden.z, {.n_steps = golden.n_steps});
  ASSERT_EQ(f32.size(), bf16.size());
  size_t equal = 0;
  for (size_t i = 0; i < f32.size(); ++i) equal += f32[i] == bf16[i];
  EXPECT_GE(double(equal) / double(f32.size()), 0.8) << equal << " of " << f32.size() << " steps equal";
  EXPECT_EQ(MelodyDecoder(golden.path, Precision::kBfloat16).precision(), Precision::kBfloat16);
}

}  // namespace
}  // namespace vec2midi::vae
