#include "vae/tfjs_reader.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "support/input_error.hpp"
#include "support/shared_data.hpp"
#include "vae/checkpoint_reader.hpp"
#include "vae/deeplearnjs_reader.hpp"
#include "folder_fixture.hpp"

namespace vec2midi::vae {
namespace {
namespace fs = std::filesystem;
using vec2midi::testing::shared_path;
using vec2midi::testing::temp_dir;

using vec2midi::testing::input_error_of;

fs::path tfjs_from_deeplearnjs(const std::string& name, size_t shard_bytes) {
  return testing::tfjs_from_mel_2bar_small(name, shard_bytes);
}

TEST(TfjsReader, ReadsTheSameTensorsAsTheDeeplearnjsFolderItWasBuiltFrom) {
  const fs::path dir = tfjs_from_deeplearnjs("tfjs_same", 1'000'003);
  const TfjsReader tfjs(dir);
  const DeepLearnJsReader dljs(shared_path("data/magenta/mel_2bar_small"));
  EXPECT_EQ(tfjs.variables().size(), 14u);  // 16 listed, 2 encoder kernels absent
  for (const auto& v : tfjs.variables()) {
    const io::StoredTensor a = tfjs.read(v.name), b = dljs.read(v.name);
    EXPECT_EQ(a.shape, b.shape) << v.name;
    EXPECT_EQ(a.bytes, b.bytes) << v.name;
  }
}

TEST(TfjsReader, OpenCheckpointRecognisesTheFolder) {
  const fs::path dir = tfjs_from_deeplearnjs("tfjs_open", 4'000'000);
  EXPECT_EQ(open_checkpoint(dir)->format(), CheckpointFormat::Tfjs);
}

TEST(TfjsReader, MissingShardNamesTheShardAndAVariable) {
  const fs::path dir = tfjs_from_deeplearnjs("tfjs_missing", 4'000'000);
  fs::remove(dir / "group1-shard2of2.bin");
  const TfjsReader reader(dir);
  const std::string err = input_error_of([&] { reader.read("decoder/output_projection/bias"); });
  EXPECT_NE(err.find("group1-shard2of2.bin"), std::string::npos) << err;
  EXPECT_NE(err.find("decoder/output_projection/bias"), std::string::npos) << err;
}

TEST(TfjsReader, TruncatedShardIsReported) {
  const fs::path dir = tfjs_from_deeplearnjs("tfjs_trunc", 4'000'000);
  const std::string shard = io::read_file(dir / "group1-shard2of2.bin");
  io::write_file_atomic(dir / "group1-shard2of2.bin", shard.substr(0, shard.size() - 5));
  const std::string err = input_error_of([&] { TfjsReader(dir).read("encoder/sigma/bias"); });
  EXPECT_NE(err.find("truncated"), std::string::npos) << err;
}

TEST(TfjsReader, DequantizesUint8AndFloat16) {
  const fs::path dir = temp_dir("tfjs_quant");
  // u8: q * 0.5 + (-1) for q = 0, 2, 255;  f16: 0x3c00 = 1.0, 0xc000 = -2.0.
  io::write_file_atomic(dir / "s.bin", std::string("\x00\x02\xff\x00\x3c\x00\xc0", 7));
  io::write_file_atomic(dir / "weights_manifest.json", R"([{"paths": ["s.bin"], "weights": [
      {"name": "u", "shape": [3], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1}},
      {"name": "h", "shape": [2], "dtype": "float32", "quantization": {"dtype": "float16"}}]}])");
  const TfjsReader reader(dir);
  EXPECT_EQ(reader.read("u").to_float(), (std::vector<float>{-1.0f, 0.0f, 126.5f}));
  EXPECT_EQ(reader.read("h").to_float(), (std::vector<float>{1.0f, -2.0f}));
}

TEST(TfjsReader, MalformedManifestsAreInputErrors) {
  for (const std::string& manifest :
       {std::string("{}"), std::string(R"([{"paths": ["../x.bin"], "weights": []}])"),
        std::string(R"([{"paths": ["a.bin"], "weights": [{"name": "w", "shape": [1], "dtype": "string"}]}])"),
        std::string(R"([{"paths": ["a.bin"], "weights": [{"name": "w", "shape": [1], "dtype": "float32"},
                                                           {"name": "w", "shape": [1], "dtype": "float32"}]}])")}) {
    const fs::path dir = temp_dir("tfjs_bad");
    io::write_file_atomic(dir / "weights_manifest.json", manifest);
    const std::string err = input_error_of([&] { TfjsReader reader(dir); });
    EXPECT_NE(err.find("weights_manifest.json"), std::string::npos) << manifest << " -> " << err;
  }
}

}  // namespace
}  // namespace vec2midi::vae
