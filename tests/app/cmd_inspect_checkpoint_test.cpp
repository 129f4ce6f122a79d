// `vec2midi inspect-checkpoint SRC`: variables and inferred architecture of the real cat-mel_2bar_big
// index (whose data file is absent), and of a checkpoint that is not a MusicVAE.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {

using testing::run_vec2midi;
using testing::shared_path;

TEST(CmdInspectCheckpoint, CatMelIndexShowsTheBigArchitecture) {
  const auto r = run_vec2midi("inspect-checkpoint " +
                              shared_path("data/tf_checkpoints/catmel_index/cat-mel_2bar_big.ckpt.index").string() +
                              " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("format"), "tensorflow-bundle");
  EXPECT_EQ(doc.at("n_variables"), 57);
  EXPECT_EQ(doc.at("music_vae").at("z_size"), 512);
  EXPECT_EQ(doc.at("music_vae").at("encoder_size"), 2048);
  EXPECT_EQ(doc.at("music_vae").at("decoder_size"), 2048);
  EXPECT_EQ(doc.at("music_vae").at("decoder_layers"), 3);
  EXPECT_EQ(doc.at("missing_files").size(), 1u);
  const auto& first = doc.at("variables").at(0);
  EXPECT_EQ(first.at("name"), "beta1_power");
  EXPECT_EQ(first.at("optimizer_slot"), true);
  EXPECT_EQ(first.at("masked_crc32c"), "0x3a117ba6");  // from the .index.txt listing
}

TEST(CmdInspectCheckpoint, TextListsVariablesAndSaysWhatIsNotAMusicVae) {
  const auto r = run_vec2midi("inspect-checkpoint " +
                              shared_path("data/tf_checkpoints/bilstm_sentiment").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("bidirectional_rnn/fw/multi_rnn_cell/cell_2/lstm_cell/kernel"), std::string::npos);
  EXPECT_NE(r.out.find("not a MusicVAE"), std::string::npos) << r.out;
}

TEST(CmdInspectCheckpoint, DeeplearnjsFolderIsDecoderOnly) {
  const auto r = run_vec2midi("inspect-checkpoint " + shared_path("data/magenta/mel_2bar_small").string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("format"), "deeplearn.js");
  EXPECT_EQ(doc.at("music_vae").at("has_encoder"), false);
  EXPECT_EQ(doc.at("missing_files").size(), 2u);
}

}  // namespace
}  // namespace vec2midi::app
