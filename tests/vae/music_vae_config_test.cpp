#include "vae/music_vae_config.hpp"

#include <gtest/gtest.h>

#include <random>

#include "io/error.hpp"
#include "support/input_error.hpp"
#include "support/shared_data.hpp"
#include "vae/checkpoint_reader.hpp"
#include "vae/music_vae.hpp"

namespace vec2midi::vae {
namespace {
using vec2midi::testing::shared_path;

ShapeMap shapes_for(const MusicVaeOptions& o) {
  ShapeMap shapes;
  for (const auto& [name, shape] : music_vae_variable_shapes(o)) shapes[name] = shape;
  return shapes;
}

using vec2midi::testing::input_error_of;

TEST(CanonicalVariableName, MapsBasicLstmCellToLstmCell) {
  EXPECT_EQ(canonical_variable_name("decoder/multi_rnn_cell/cell_0/basic_lstm_cell/kernel"),
            "decoder/multi_rnn_cell/cell_0/lstm_cell/kernel");
  EXPECT_EQ(canonical_variable_name("encoder/mu/bias"), "encoder/mu/bias");
  EXPECT_EQ(canonical_variable_name("x/my_basic_lstm_cell/kernel"), "x/my_basic_lstm_cell/kernel");
}

TEST(IsOptimizerSlot, RecognisesAdamSlotsAndCounters) {
  EXPECT_TRUE(is_optimizer_slot("encoder/mu/kernel/Adam"));
  EXPECT_TRUE(is_optimizer_slot("encoder/mu/kernel/Adam_1"));
  EXPECT_TRUE(is_optimizer_slot("beta1_power"));
  EXPECT_TRUE(is_optimizer_slot("beta2_power"));
  EXPECT_TRUE(is_optimizer_slot("global_step"));
  EXPECT_FALSE(is_optimizer_slot("encoder/mu/kernel"));
  EXPECT_FALSE(is_optimizer_slot("encoder/Adamant/kernel"));
  EXPECT_FALSE(is_optimizer_slot("beta/kernel"));
}

TEST(MusicVaeVariableShapes, MatchTheLibtorchModelsVariables) {
  // The contract with MusicVaeImpl::magenta_variables(): same names, same order, same shapes.
  for (MusicVaeOptions o : {MusicVaeOptions::mel_2bar_small(), MusicVaeOptions{.z_size = 8, .encoder_size = 6,
                                                                              .encoder_layers = 2, .decoder_size = 5,
                                                                              .decoder_layers = 3}}) {
    for (bool enc : {true, false}) {
      o.has_encoder = enc;
      MusicVae model(o);
      const auto expected = music_vae_variable_shapes(o);
      const auto actual = model->magenta_variables();
      ASSERT_EQ(expected.size(), actual.size());
      for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(expected[i].first, actual[i].first);
        EXPECT_EQ(expected[i].second, actual[i].second.sizes().vec()) << expected[i].first;
      }
    }
  }
}

TEST(InferMusicVae, Mel2barSmallIsDecoderOnlyWithMagentasSmallSizes) {
  const auto reader = open_checkpoint(shared_path("data/magenta/mel_2bar_small"));
  const MusicVaeInference inf = infer_music_vae(shapes_of(reader->variables()), reader->sequence_length());
  MusicVaeOptions expected = MusicVaeOptions::mel_2bar_small();
  expected.has_encoder = false;
  EXPECT_EQ(inf.options, expected);
  EXPECT_EQ(inf.missing_encoder.size(), 2u);  // the two encoder LSTM kernels
  EXPECT_EQ(inf.dropped.size(), 6u);          // two LSTM biases, μ and σ kernels and biases
  EXPECT_EQ(inf.variables.size(), 8u);        // decoder: initial state, 2 LSTM layers, projection
}

TEST(InferMusicVae, CatMel2barBigIndexGivesZ512Encoder2048Decoder3x2048) {
  const auto reader = open_checkpoint(shared_path("data/tf_checkpoints/catmel_index/cat-mel_2bar_big.ckpt.index"));
  const MusicVaeInference inf = infer_music_vae(shapes_of(reader->variables()));
  EXPECT_EQ(inf.options.z_size, 512);
  EXPECT_EQ(inf.options.encoder_size, 2048);
  EXPECT_EQ(inf.options.encoder_layers, 1);
  EXPECT_EQ(inf.options.decoder_size, 2048);
  EXPECT_EQ(inf.options.decoder_layers, 3);
  EXPECT_TRUE(inf.options.has_encoder);
  EXPECT_EQ(inf.options, MusicVaeOptions::mel_2bar_big());
  EXPECT_EQ(inf.variables.size(), 18u);  // encoder fw/bw kernel+bias, mu, sigma (8) + decoder 10
  EXPECT_EQ(inf.ignored.size(), 57u - 18u);  // Adam slots, beta powers, global_step
}

TEST(InferMusicVae, RecoversRandomArchitecturesFromTheirShapes) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 50; ++trial) {
    MusicVaeOptions o;
    o.z_size = 1 + static_cast<int64_t>(rng() % 64);
    o.encoder_size = 1 + static_cast<int64_t>(rng() % 64);
    o.encoder_layers = 1 + static_cast<int64_t>(rng() % 3);
    o.decoder_size = 1 + static_cast<int64_t>(rng() % 64);
    o.decoder_layers = 1 + static_cast<int64_t>(rng() % 4);
    o.n_events = 1 + static_cast<int64_t>(rng() % 100);
    o.has_encoder = rng() % 2 == 0;
    const MusicVaeInference inf = infer_music_vae(shapes_for(o));
    MusicVaeOptions want = o;
    if (!o.has_encoder) want.encoder_size = MusicVaeOptions{}.encoder_size, want.encoder_layers = 1;
    EXPECT_EQ(inf.options, want) << o.to_json_string();
  }
}

TEST(InferMusicVae, Tf1BasicLstmCellNamesAreAccepted) {
  ShapeMap shapes;
  for (const auto& [canonical, shape] : shapes_for(MusicVaeOptions::mel_2bar_small())) {
    std::string name = canonical;
    const auto pos = name.find("/lstm_cell/");
    if (pos != std::string::npos) name.replace(pos, 11, "/basic_lstm_cell/");
    shapes[name] = shape;
    shapes[name + "/Adam"] = shape;
  }
  const MusicVaeInference inf = infer_music_vae(shapes);
  EXPECT_EQ(inf.options, MusicVaeOptions::mel_2bar_small());
  EXPECT_EQ(inf.variables.front().first, "decoder/z_to_initial_state/kernel");
  bool found = false;
  for (const auto& [canonical, stored] : inf.variables) {
    if (canonical == "decoder/multi_rnn_cell/cell_1/lstm_cell/bias") {
      EXPECT_EQ(stored, "decoder/multi_rnn_cell/cell_1/basic_lstm_cell/bias");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(InferMusicVae, WrongShapeNamesTheVariable) {
  ShapeMap shapes = shapes_for(MusicVaeOptions::mel_2bar_small());
  shapes["encoder/sigma/kernel"] = {1024, 255};
  const std::string err = input_error_of([&] { infer_music_vae(shapes); });
  EXPECT_NE(err.find("encoder/sigma/kernel"), std::string::npos) << err;
  EXPECT_NE(err.find("[1024, 255]"), std::string::npos) << err;
}

TEST(InferMusicVae, MissingDecoderLayerVariableIsAnError) {
  ShapeMap shapes = shapes_for(MusicVaeOptions::mel_2bar_small());
  shapes.erase("decoder/multi_rnn_cell/cell_1/lstm_cell/bias");
  const std::string err = input_error_of([&] { infer_music_vae(shapes); });
  EXPECT_NE(err.find("decoder/multi_rnn_cell/cell_1/lstm_cell/bias"), std::string::npos) << err;
}

TEST(InferMusicVae, MelodyRnnIsNotAMusicVae) {
  const auto reader = open_checkpoint(shared_path("data/tf_checkpoints/musicresearch_melody_rnn/model.ckpt-1.index"));
  const std::string err = input_error_of([&] { infer_music_vae(shapes_of(reader->variables())); });
  EXPECT_NE(err.find("not a MusicVAE"), std::string::npos) << err;
}

TEST(InferMusicVae, HierarchicalVariablesAreRefused) {
  ShapeMap shapes = shapes_for(MusicVaeOptions::mel_2bar_small());
  shapes["decoder/hierarchical_level_0/multi_rnn_cell/cell_0/lstm_cell/kernel"] = {10, 8};
  EXPECT_THROW(infer_music_vae(shapes), InputError);
}

TEST(DescribeArchitecture, SaysDecoderOnly) {
  MusicVaeOptions o = MusicVaeOptions::mel_2bar_big();
  EXPECT_EQ(describe_architecture(o), "z 512, encoder 1 x 2048, decoder 3 x 2048, 90 events");
  o.has_encoder = false;
  EXPECT_NE(describe_architecture(o).find("decoder-only"), std::string::npos);
}

}  // namespace
}  // namespace vec2midi::vae
