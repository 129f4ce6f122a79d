#include "vae/magenta_import.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "bundle_fixture.hpp"
#include "folder_fixture.hpp"
#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "support/input_error.hpp"
#include "support/shared_data.hpp"
#include "vae/model_io.hpp"
#include "vae/tf_bundle_reader.hpp"

namespace vec2midi::vae {
namespace {
namespace fs = std::filesystem;
using vec2midi::testing::shared_json;
using vec2midi::testing::shared_path;
using vec2midi::testing::temp_dir;

ImportOptions quiet(io::DType dtype = io::DType::F32) {
  ImportOptions o;
  o.dtype = dtype;
  o.show_progress = false;
  return o;
}

using vec2midi::testing::input_error_of;

TEST(ImportMagenta, Mel2barSmallBecomesADecoderOnlyModelFile) {
  const fs::path out = temp_dir("import_small") / "vae.safetensors";
  const ImportReport report = import_magenta(shared_path(testing::kSharedSmall), out, quiet());
  EXPECT_EQ(report.n_tensors, 8);
  const io::Safetensors st = io::read_safetensors(out);
  EXPECT_EQ(st.metadata.at("format"), "vec2midi.music_vae");
  EXPECT_NE(st.metadata.at("source").find("mel_2bar_small"), std::string::npos);
  MusicVaeOptions expected = MusicVaeOptions::mel_2bar_small();
  expected.has_encoder = false;
  EXPECT_EQ(MusicVaeOptions::from_json_string(st.metadata.at("music_vae")), expected);
  // Every tensor byte-identical to the raw file the manifest names.
  const nlohmann::json manifest = shared_json(testing::kSharedSmall + "/manifest.json");
  ASSERT_EQ(st.tensors.size(), 8u);
  for (const auto& [name, t] : st.tensors) {
    EXPECT_EQ(t.dtype, io::DType::F32);
    EXPECT_EQ(t.shape, manifest.at(name).at("shape").get<std::vector<int64_t>>()) << name;
    EXPECT_EQ(t.bytes, io::read_file(shared_path(testing::kSharedSmall + "/" +
                                                 manifest.at(name).at("filename").get<std::string>())))
        << name;
  }
  EXPECT_EQ(report.inference.dropped.size(), 6u);
}

TEST(ImportMagenta, TheModelLoaderAcceptsTheImportedFile) {
  const fs::path out = temp_dir("import_load") / "vae.safetensors";
  import_magenta(shared_path(testing::kSharedSmall), out, quiet());
  const MusicVae model = load_music_vae(out);
  EXPECT_EQ(model->options().z_size, 256);
  EXPECT_FALSE(model->options().has_encoder);
}

TEST(ImportMagenta, Fp16HalvesTheDataAndKeepsValuesWithinHalfPrecision) {
  const fs::path dir = temp_dir("import_fp16");
  const ImportReport full = import_magenta(shared_path(testing::kSharedSmall), dir / "f32.safetensors", quiet());
  const ImportReport half =
      import_magenta(shared_path(testing::kSharedSmall), dir / "f16.safetensors", quiet(io::DType::F16));
  EXPECT_EQ(half.n_bytes * 2, full.n_bytes);
  const io::Safetensors a = io::read_safetensors(dir / "f32.safetensors");
  const io::Safetensors b = io::read_safetensors(dir / "f16.safetensors");
  for (const auto& [name, t] : a.tensors) {
    EXPECT_EQ(b.tensors.at(name).dtype, io::DType::F16);
    const std::vector<float> x = t.to_float(), y = b.tensors.at(name).to_float();
    for (size_t i = 0; i < x.size(); ++i) {
      ASSERT_LE(std::abs(x[i] - y[i]), std::abs(x[i]) * std::ldexp(1.0f, -11) + std::ldexp(1.0f, -25)) << name << " " << i;
    }
  }
}

TEST(ImportMagenta, TfjsFolderGivesTheSameModelFile) {
  const fs::path dir = temp_dir("import_tfjs_out");
  const fs::path tfjs = testing::tfjs_from_mel_2bar_small("import_tfjs", 1'000'003);
  import_magenta(shared_path(testing::kSharedSmall), dir / "a.safetensors", quiet());
  const ImportReport r = import_magenta(tfjs, dir / "b.safetensors", quiet());
  EXPECT_NE(r.source.find("tfjs"), std::string::npos);
  const io::Safetensors a = io::read_safetensors(dir / "a.safetensors");
  const io::Safetensors b = io::read_safetensors(dir / "b.safetensors");
  EXPECT_EQ(a.metadata.at("music_vae"), b.metadata.at("music_vae"));
  ASSERT_EQ(a.tensors.size(), b.tensors.size());
  for (const auto& [name, t] : a.tensors) EXPECT_EQ(b.tensors.at(name).bytes, t.bytes) << name;
}

TEST(ImportMagenta, NanWeightNamesFileAndVariableAndWritesNothing) {
  const fs::path src = testing::copy_mel_2bar_small("import_nan_src");
  std::string bias = io::read_file(src / "decoder_output_projection_bias");
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::memcpy(bias.data() + 4 * 7, &nan, 4);
  io::write_file_atomic(src / "decoder_output_projection_bias", bias);
  const fs::path out_dir = temp_dir("import_nan_out");
  const std::string err = input_error_of([&] { import_magenta(src, out_dir / "vae.safetensors", quiet()); });
  EXPECT_NE(err.find("decoder_output_projection_bias"), std::string::npos) << err;
  EXPECT_NE(err.find("decoder/output_projection/bias"), std::string::npos) << err;
  EXPECT_NE(err.find("NaN"), std::string::npos) << err;
  EXPECT_TRUE(fs::is_empty(out_dir));
}

TEST(ImportMagenta, FailedImportKeepsTheExistingOutput) {
  const fs::path out_dir = temp_dir("import_keep");
  io::write_file_atomic(out_dir / "vae.safetensors", "old");
  const fs::path src = testing::copy_mel_2bar_small("import_keep_src");
  fs::remove(src / "decoder_z_to_initial_state_kernel");
  const std::string err = input_error_of([&] { import_magenta(src, out_dir / "vae.safetensors", quiet()); });
  EXPECT_NE(err.find("decoder/z_to_initial_state/kernel"), std::string::npos) << err;
  EXPECT_EQ(io::read_file(out_dir / "vae.safetensors"), "old");
  EXPECT_EQ(std::distance(fs::directory_iterator(out_dir), fs::directory_iterator()), 1);
}

TEST(ImportMagenta, WrongShapeInTheManifestIsRefused) {
  const fs::path src = testing::copy_mel_2bar_small("import_shape_src");
  nlohmann::json manifest = nlohmann::json::parse(io::read_file(src / "manifest.json"));
  manifest["decoder/output_projection/kernel"]["shape"] = {90, 256};  // transposed
  io::write_file_atomic(src / "manifest.json", manifest.dump());
  const std::string err = input_error_of([&] { import_magenta(src, temp_dir("import_shape_out") / "v.safetensors", quiet()); });
  EXPECT_NE(err.find("decoder/output_projection/kernel"), std::string::npos) << err;
}

TEST(ImportMagenta, CatMelIndexWithoutDataNamesTheMissingDataFile) {
  const fs::path out_dir = temp_dir("import_catmel");
  const std::string err = input_error_of([&] {
    import_magenta(shared_path("data/tf_checkpoints/catmel_index/cat-mel_2bar_big.ckpt.index"), out_dir / "big.safetensors",
                   quiet());
  });
  EXPECT_NE(err.find("cat-mel_2bar_big.ckpt.data-00000-of-00001"), std::string::npos) << err;
  EXPECT_NE(err.find("variable decoder/"), std::string::npos) << err;
  EXPECT_TRUE(fs::is_empty(out_dir));
}

TEST(ImportMagenta, MissingOutputDirectoryFailsBeforeReading) {
  const std::string err = input_error_of([&] {
    import_magenta(shared_path(testing::kSharedSmall), temp_dir("import_nodir") / "no" / "vae.safetensors", quiet());
  });
  EXPECT_NE(err.find("does not exist"), std::string::npos) << err;
}

// A tiny MusicVAE (z 4, encoder 1 x 3, decoder 2 x 5, 6 events) as a TF 1.x training checkpoint:
// basic_lstm_cell names, Adam slots, beta powers and an int64 global_step.
std::vector<testing::FixtureTensor> tiny_training_bundle(std::map<std::string, std::vector<float>>& values) {
  MusicVaeOptions o;
  o.z_size = 4;
  o.encoder_size = 3;
  o.decoder_size = 5;
  o.decoder_layers = 2;
  o.n_events = 6;
  std::mt19937_64 rng(17);
  std::normal_distribution<float> normal;  // values only need to differ; not a reproducibility contract
  std::vector<testing::FixtureTensor> tensors;
  for (const auto& [name, shape] : music_vae_variable_shapes(o)) {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    std::vector<float> v(static_cast<size_t>(n));
    for (float& x : v) x = normal(rng);
    values[name] = v;
    std::string stored = name;
    if (const auto pos = stored.find("/lstm_cell/"); pos != std::string::npos) stored.replace(pos, 11, "/basic_lstm_cell/");
    tensors.push_back({stored, tfbundle::DT_FLOAT, shape, testing::float_bytes(v)});
    tensors.push_back({stored + "/Adam", tfbundle::DT_FLOAT, shape, testing::float_bytes(std::vector<float>(v.size(), 0.1f))});
    tensors.push_back({stored + "/Adam_1", tfbundle::DT_FLOAT, shape, testing::float_bytes(std::vector<float>(v.size(), 0.2f))});
  }
  tensors.push_back({"beta1_power", tfbundle::DT_FLOAT, {}, testing::float_bytes({0.9f})});
  tensors.push_back({"beta2_power", tfbundle::DT_FLOAT, {}, testing::float_bytes({0.999f})});
  tensors.push_back({"global_step", tfbundle::DT_INT64, {}, std::string("\x2a\0\0\0\0\0\0\0", 8)});
  return tensors;
}

TEST(ImportMagenta, TensorBundleImportSkipsOptimizerSlotsAndRenamesBasicLstmCell) {
  const fs::path dir = temp_dir("import_bundle");
  std::map<std::string, std::vector<float>> values;
  testing::write_bundle(dir / "model.ckpt-100", tiny_training_bundle(values));
  const ImportReport r = import_magenta(dir, dir / "tiny.safetensors", quiet());
  EXPECT_EQ(r.inference.options.z_size, 4);
  EXPECT_EQ(r.inference.options.encoder_size, 3);
  EXPECT_EQ(r.inference.options.decoder_layers, 2);
  EXPECT_EQ(r.inference.options.decoder_size, 5);
  EXPECT_EQ(r.inference.options.n_events, 6);
  EXPECT_TRUE(r.inference.options.has_encoder);
  const io::Safetensors st = io::read_safetensors(dir / "tiny.safetensors");
  ASSERT_EQ(st.tensors.size(), values.size());
  for (const auto& [name, v] : values) EXPECT_EQ(st.at(name).to_float(), v) << name;
  EXPECT_EQ(load_music_vae(dir / "tiny.safetensors")->options(), r.inference.options);
}

TEST(ImportMagenta, TensorBundleCrcMismatchNamesFileAndVariable) {
  const fs::path dir = temp_dir("import_bundle_crc");
  std::map<std::string, std::vector<float>> values;
  testing::write_bundle(dir / "m.ckpt", tiny_training_bundle(values));
  const fs::path data = dir / "m.ckpt.data-00000-of-00001";
  std::string bytes = io::read_file(data);
  const TfBundleReader reader(dir / "m.ckpt");
  const auto bias = std::find_if(reader.variables().begin(), reader.variables().end(),
                                 [](const VariableInfo& v) { return v.name == "decoder/output_projection/bias"; });
  ASSERT_NE(bias, reader.variables().end());
  bytes[static_cast<size_t>(bias->offset + 5)] ^= 0x40;
  io::write_file_atomic(data, bytes);
  const std::string err = input_error_of([&] { import_magenta(dir / "m.ckpt", dir / "out.safetensors", quiet()); });
  EXPECT_NE(err.find("CRC32C mismatch"), std::string::npos) << err;
  EXPECT_NE(err.find("m.ckpt.data-00000-of-00001: variable decoder/output_projection/bias"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir / "out.safetensors"));
}

}  // namespace
}  // namespace vec2midi::vae
