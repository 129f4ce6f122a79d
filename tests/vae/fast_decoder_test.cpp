#include "vae/fast_decoder.hpp"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "io/error.hpp"
#include "music/event_codec.hpp"
#include "magenta_fixture.hpp"
#include "random_music_vae.hpp"
#include "support/shared_data.hpp"
#include "vae/deeplearnjs_reader.hpp"
#include "vae/magenta_import.hpp"
#include "vae/model_io.hpp"
#include "vae/music_vae.hpp"
#include "vae/sampling.hpp"

namespace vec2midi::vae {
namespace {

using testing::random_music_vae;

TEST(FastDecoder, MatchesReferenceGreedyDecoding) {
  for (const int64_t layers : {1, 2, 3}) {
    MusicVae vae = random_music_vae(layers, 24, 10 + layers);
    const torch::Tensor z = torch::randn({9, 12});
    const torch::Tensor want = vae->greedy_decode_reference(z, 32).to(torch::kUInt8);
    const torch::Tensor got = FastDecoder(*vae).decode(z, {.n_steps = 32});
    EXPECT_TRUE(torch::equal(got, want)) << layers << " layers";
    EXPECT_GT(std::get<0>(at::_unique(got)).numel(), 3) << "the test model should not decode a constant";
  }
}

TEST(FastDecoder, SingleRowMatchesBatchedRows) {
  // Batch 1 takes the GEMV path; each row of a batch must decode the same melody alone.
  MusicVae vae = random_music_vae(2, 32, 3);
  FastDecoder decoder(*vae);
  const torch::Tensor z = torch::randn({5, 12});
  for (const double temperature : {0.0, 1.0}) {
    const torch::Tensor batch = decoder.decode(z, {.n_steps = 20, .temperature = temperature, .seed = 4});
    for (int64_t i = 0; i < 5; ++i) {
      // Alone, row i is passed as item i so that it gets the same sampling generator.
      const torch::Tensor alone =
          decoder.decode(z.narrow(0, i, 1), {.n_steps = 20, .temperature = temperature, .seed = 4}, i);
      EXPECT_TRUE(torch::equal(alone[0], batch[i])) << "row " << i << " temperature " << temperature;
    }
  }
}

TEST(FastDecoder, ShorterDecodingIsAPrefix) {
  MusicVae vae = random_music_vae(2, 16, 5);
  FastDecoder decoder(*vae);
  const torch::Tensor z = torch::randn({4, 12});
  const torch::Tensor full = decoder.decode(z, {.n_steps = 32});
  EXPECT_TRUE(torch::equal(decoder.decode(z, {.n_steps = 16}), full.narrow(1, 0, 16)));
  EXPECT_TRUE(torch::equal(decoder.decode(z, {.n_steps = 1}), full.narrow(1, 0, 1)));
}

TEST(FastDecoder, SamplingIsReproducibleAndSeeded) {
  MusicVae vae = random_music_vae(2, 16, 6);
  FastDecoder decoder(*vae);
  const torch::Tensor z = torch::randn({8, 12});
  const DecodeOptions hot{.n_steps = 32, .temperature = 1.5, .seed = 11};
  const torch::Tensor a = decoder.decode(z, hot), b = decoder.decode(z, hot);
  EXPECT_TRUE(torch::equal(a, b));
  DecodeOptions other = hot;
  other.seed = 12;
  EXPECT_FALSE(torch::equal(a, decoder.decode(z, other)));
  EXPECT_FALSE(torch::equal(a, decoder.decode(z, {.n_steps = 32})));
}

TEST(FastDecoder, EventsStayInTheVocabulary) {
  MusicVae vae = random_music_vae(2, 16, 7);
  const torch::Tensor events = FastDecoder(*vae).decode(torch::randn({6, 12}) * 3, {.n_steps = 32, .temperature = 3.0});
  EXPECT_LT(events.max().item<int64_t>(), 20);
  EXPECT_EQ(events.sizes().vec(), (std::vector<int64_t>{6, 32}));
}

TEST(FastDecoder, RejectsBadRequests) {
  MusicVae vae = random_music_vae(1, 8, 8);
  FastDecoder decoder(*vae);
  EXPECT_THROW(decoder.decode(torch::zeros({2, 11})), InputError);
  EXPECT_THROW(decoder.decode(torch::zeros({12})), InputError);
  EXPECT_THROW(decoder.decode(torch::zeros({1, 12}), {.n_steps = 0}), InputError);
  EXPECT_THROW(decoder.decode(torch::zeros({1, 12}), {.n_steps = 33}), InputError);
  EXPECT_THROW(decoder.decode(torch::zeros({1, 12}), {.n_steps = 4, .temperature = -1.0}), InputError);
  EXPECT_THROW(decoder.decode(torch::full({1, 12}, NAN), {.n_steps = 4}), InputError);
}

TEST(FastDecoder, EmptyBatchGivesNoMelodies) {
  MusicVae vae = random_music_vae(1, 8, 9);
  EXPECT_EQ(FastDecoder(*vae).decode(torch::zeros({0, 12}), {.n_steps = 8}).size(0), 0);
}

// Greedy-decodes the golden file's 64 z with `vae` and counts the melodies equal to magenta.js's.
void expect_magenta_js_melodies(MusicVae& vae) {
  // The strongest check we have: magenta.js 1.23.1 decoded these 64 z with Magenta's weights.
  const nlohmann::json golden = vec2midi::testing::shared_json("golden/magenta_mel_2bar_small_argmax.json");
  const int64_t n_steps = golden.at("steps").get<int64_t>();
  const torch::Tensor events = FastDecoder(*vae).decode(testing::golden_z(golden), {.n_steps = n_steps});
  const auto& items = golden.at("items");
  ASSERT_EQ(items.size(), 64u);
  int matches = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const uint8_t* row = events[static_cast<int64_t>(i)].data_ptr<uint8_t>();
    const music::Melody melody = music::events_to_melody(std::span<const uint8_t>(row, static_cast<size_t>(n_steps)));
    const bool same = testing::melody_notes(melody) == testing::golden_notes(items[i]);
    EXPECT_TRUE(same) << "golden item " << i;
    matches += same;
  }
  EXPECT_EQ(matches, 64);
}

TEST(FastDecoder, ReproducesMagentaJsGreedyMelodies) {
  MusicVae vae = testing::load_shared_mel_2bar_small();
  expect_magenta_js_melodies(vae);
}

TEST(FastDecoder, ReproducesMagentaJsWithTheImportedModel) {
  // Through the importer, as `vec2midi import-magenta` makes the model file.
  const DeepLearnJsReader reader(vec2midi::testing::shared_path("data/magenta/mel_2bar_small"));
  ImportReport report;
  MusicVae vae = music_vae_from_safetensors(convert_checkpoint(reader, {.show_progress = false}, report), report.source);
  EXPECT_FALSE(vae->options().has_encoder);
  expect_magenta_js_melodies(vae);
}

}  // namespace
}  // namespace vec2midi::vae
