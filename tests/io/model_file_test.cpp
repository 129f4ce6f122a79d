#include "io/model_file.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::io {
namespace {

const ModelKind kKind{.format = "vec2midi.test", .name = "test model file", .how_to_make = "make one with `make-test`"};

Safetensors example() {
  Safetensors st;
  st.metadata = {{"format", "vec2midi.test"}, {"config", "{}"}};
  const std::vector<float> w = {1, 2, 3, 4, 5, 6};
  st.tensors.emplace("w", StoredTensor::from_float({2, 3}, w));
  return st;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

TEST(ShapeString, ListsTheDimensions) {
  EXPECT_EQ(shape_string({2048, 90}), "[2048, 90]");
  EXPECT_EQ(shape_string({}), "[]");
}

TEST(ModelFile, ReadsMetadataAndTensorsOfTheExpectedShape) {
  const auto path = testing::temp_dir("model_file_read") / "m.safetensors";
  write_safetensors(path, example());
  const ModelFile f(path, kKind);
  EXPECT_EQ(f.where(), path.string());
  EXPECT_EQ(f.metadata("config"), "{}");
  EXPECT_EQ(f.find_metadata("absent"), nullptr);
  EXPECT_EQ(f.floats("w", {2, 3}), (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST(ModelFile, WrongFormatNamesTheFileBothFormatsAndHowToMakeOne) {
  Safetensors st = example();
  st.metadata["format"] = "vec2midi.other";
  const std::string err = message_of([&] { ModelFile(st, "m.safetensors", kKind); });
  EXPECT_EQ(err, "m.safetensors: not a test model file (metadata \"format\" is \"vec2midi.other\", expected "
                 "\"vec2midi.test\"); make one with `make-test`");
  st.metadata.erase("format");
  EXPECT_NE(message_of([&] { ModelFile(st, "m.safetensors", kKind); }).find("\"format\" is missing"), std::string::npos);
}

TEST(ModelFile, MissingMetadataIsOneLineNamingTheKey) {
  const ModelFile f(example(), "m.safetensors", kKind);
  EXPECT_EQ(message_of([&] { f.metadata("music_vae"); }), "m.safetensors: test model file without metadata \"music_vae\"");
}

TEST(ModelFile, WrongShapeNamesBothShapes) {
  const ModelFile f(example(), "m.safetensors", kKind);
  EXPECT_EQ(message_of([&] { f.floats("w", {3, 2}); }), "m.safetensors: tensor w has shape [2, 3], expected [3, 2]");
  EXPECT_NE(message_of([&] { f.floats("v", {1}); }).find("m.safetensors"), std::string::npos);
}

TEST(ModelFile, NonFiniteWeightsAreRefused) {
  Safetensors st = example();
  const std::vector<float> w = {1, std::numeric_limits<float>::quiet_NaN()};
  st.tensors.insert_or_assign("w", StoredTensor::from_float({2}, w));
  const ModelFile f(st, "m.safetensors", kKind);
  EXPECT_EQ(message_of([&] { f.floats("w", {2}); }), "m.safetensors: tensor w holds NaN or infinite values");
}

TEST(ModelFile, IntegerTensorsAsFloatsNameTheTensor) {
  Safetensors st = example();
  StoredTensor ids;
  ids.dtype = DType::I64;
  ids.shape = {1};
  ids.bytes.assign(8, '\0');
  st.tensors.emplace("ids", ids);
  const ModelFile f(st, "m.safetensors", kKind);
  EXPECT_EQ(message_of([&] { f.floats("ids", {1}); }).rfind("m.safetensors: tensor ids: ", 0), 0u);
}

}  // namespace
}  // namespace vec2midi::io
