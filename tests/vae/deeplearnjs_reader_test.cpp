#include "vae/deeplearnjs_reader.hpp"

#include <gtest/gtest.h>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "support/input_error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::vae {
namespace {
namespace fs = std::filesystem;
using vec2midi::testing::shared_path;
using vec2midi::testing::temp_dir;

const std::string kSmall = "data/magenta/mel_2bar_small";

using vec2midi::testing::input_error_of;

// A folder with manifest `manifest` and the given raw files.
fs::path make_folder(const std::string& name, const std::string& manifest,
                     const std::vector<std::pair<std::string, std::string>>& files) {
  const fs::path dir = temp_dir(name);
  io::write_file_atomic(dir / "manifest.json", manifest);
  for (const auto& [file, bytes] : files) io::write_file_atomic(dir / file, bytes);
  return dir;
}

TEST(DeepLearnJsReader, ListsTheSixteenVariablesOfMel2barSmall) {
  const DeepLearnJsReader reader(shared_path(kSmall));
  ASSERT_EQ(reader.variables().size(), 16u);
  EXPECT_EQ(reader.variables().front().name, "decoder/multi_rnn_cell/cell_0/lstm_cell/bias");
  const auto shapes = shapes_of(reader.variables());
  EXPECT_EQ(shapes.at("decoder/multi_rnn_cell/cell_0/lstm_cell/kernel"), (std::vector<int64_t>{602, 1024}));
  EXPECT_EQ(shapes.at("encoder/mu/kernel"), (std::vector<int64_t>{1024, 256}));
}

TEST(DeepLearnJsReader, ReadsTheRawFloatsOfAVariable) {
  const DeepLearnJsReader reader(shared_path(kSmall));
  const io::StoredTensor t = reader.read("decoder/output_projection/bias");
  EXPECT_EQ(t.shape, (std::vector<int64_t>{90}));
  EXPECT_EQ(t.bytes, io::read_file(shared_path(kSmall + "/decoder_output_projection_bias")));
}

TEST(DeepLearnJsReader, ReadsTheSequenceLengthFromConverterJson) {
  EXPECT_EQ(DeepLearnJsReader(shared_path(kSmall)).sequence_length(), 32);
}

TEST(DeepLearnJsReader, AbsentFileNamesTheFileAndTheVariable) {
  // The shared folder's manifest lists the two encoder LSTM kernels, whose files are not there.
  const DeepLearnJsReader reader(shared_path(kSmall));
  const std::string name = "encoder/cell_0/bidirectional_rnn/fw/multi_rnn_cell/cell_0/lstm_cell/kernel";
  const std::string err = input_error_of([&] { reader.read(name); });
  EXPECT_NE(err.find(name), std::string::npos) << err;
  EXPECT_NE(err.find("encoder_cell_0_bidirectional_rnn_fw_multi_rnn_cell_cell_0_lstm_cell_kernel"), std::string::npos)
      << err;
}

TEST(DeepLearnJsReader, TruncatedFileIsReported) {
  const fs::path dir = make_folder("dljs_trunc", R"({"w": {"filename": "w.bin", "shape": [2, 2]}})",
                                   {{"w.bin", std::string(12, '\0')}});
  const std::string err = input_error_of([&] { DeepLearnJsReader(dir).read("w"); });
  EXPECT_NE(err.find("truncated"), std::string::npos) << err;
  EXPECT_NE(err.find("w.bin"), std::string::npos) << err;
}

TEST(DeepLearnJsReader, OversizedFileIsReported) {
  const fs::path dir = make_folder("dljs_big", R"({"w": {"filename": "w.bin", "shape": [2]}})",
                                   {{"w.bin", std::string(12, '\0')}});
  const std::string err = input_error_of([&] { DeepLearnJsReader(dir).read("w"); });
  EXPECT_NE(err.find("holds 12 bytes"), std::string::npos) << err;
}

TEST(DeepLearnJsReader, ManifestCannotPointOutsideItsFolder) {
  const fs::path dir = make_folder("dljs_escape", R"({"w": {"filename": "../../etc/passwd", "shape": [1]}})", {});
  const std::string err = input_error_of([&] { DeepLearnJsReader reader(dir); });
  EXPECT_NE(err.find("plain file name"), std::string::npos) << err;
}

TEST(DeepLearnJsReader, MalformedManifestsAreInputErrors) {
  for (const std::string& manifest :
       {std::string("{not json"), std::string("[1, 2]"), std::string(R"({"w": {"shape": [1]}})"),
        std::string(R"({"w": {"filename": "w.bin", "shape": [-1]}})"),
        std::string(R"({"w": {"filename": "w.bin", "shape": [4294967296, 4294967296]}})"),
        std::string(R"({"w": {"filename": "w.bin", "shape": "big"}})")}) {
    const fs::path dir = make_folder("dljs_bad", manifest, {});
    const std::string err = input_error_of([&] { DeepLearnJsReader reader(dir); });
    EXPECT_NE(err.find("manifest.json"), std::string::npos) << manifest << " -> " << err;
  }
}

TEST(DeepLearnJsReader, MissingManifestNamesThePath) {
  const fs::path dir = temp_dir("dljs_none");
  const std::string err = input_error_of([&] { DeepLearnJsReader reader(dir); });
  EXPECT_NE(err.find((dir / "manifest.json").string()), std::string::npos) << err;
}

}  // namespace
}  // namespace vec2midi::vae
