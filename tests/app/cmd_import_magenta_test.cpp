// `vec2midi import-magenta SRC -o OUT`: the --json report of a real import, the text report of a
// decoder-only model, and one error line with exit code 2 (and no output file) for bad input.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {

namespace fs = std::filesystem;
using testing::run_vec2midi;
using testing::shared_path;
using testing::temp_dir;

int64_t n_lines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

TEST(CmdImportMagenta, JsonReportsTheDecoderOnlyImport) {
  const fs::path out = temp_dir("cli_import_json") / "vae.safetensors";
  const auto r = run_vec2midi("import-magenta " + shared_path("data/magenta/mel_2bar_small").string() + " -o " +
                              out.string() + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("n_tensors"), 8);
  EXPECT_EQ(doc.at("dtype"), "F32");
  EXPECT_EQ(doc.at("music_vae").at("z_size"), 256);
  EXPECT_EQ(doc.at("music_vae").at("has_encoder"), false);
  EXPECT_EQ(doc.at("missing_encoder").size(), 2u);
  EXPECT_EQ(doc.at("dropped").size(), 6u);
  EXPECT_TRUE(fs::is_regular_file(out));
}

TEST(CmdImportMagenta, TextSaysTheModelIsDecoderOnly) {
  const fs::path out = temp_dir("cli_import_text") / "vae.safetensors";
  const auto r = run_vec2midi("import-magenta " + shared_path("data/magenta/mel_2bar_small").string() + " -o " +
                              out.string() + " --fp16 --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("decoder-only"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("F16"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");
}

TEST(CmdImportMagenta, IndexWithoutDataIsOneErrorLineAndNoFile) {
  const fs::path dir = temp_dir("cli_import_catmel");
  const auto r = run_vec2midi("import-magenta " +
                              shared_path("data/tf_checkpoints/catmel_index/cat-mel_2bar_big.ckpt.index").string() +
                              " -o " + (dir / "big.safetensors").string() + " --quiet");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(n_lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("cat-mel_2bar_big.ckpt.data-00000-of-00001"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(CmdImportMagenta, NonMusicVaeCheckpointIsRefused) {
  const fs::path dir = temp_dir("cli_import_rnn");
  const auto r = run_vec2midi("import-magenta " +
                              shared_path("data/tf_checkpoints/musicresearch_melody_rnn").string() + " -o " +
                              (dir / "x.safetensors").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a MusicVAE"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(CmdImportMagenta, MissingSourceIsAnInputError) {
  const fs::path dir = temp_dir("cli_import_missing");
  const auto r = run_vec2midi("import-magenta " + (dir / "absent").string() + " -o " + (dir / "x.safetensors").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find((dir / "absent").string()), std::string::npos) << r.err;
}

}  // namespace
}  // namespace vec2midi::app
