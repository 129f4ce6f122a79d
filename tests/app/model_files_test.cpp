#include "app/model_files.hpp"

#include <gtest/gtest.h>

#include <string>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {

TEST(ModelFiles, AGivenFileIsUsedAsIt) {
  const auto path = vec2midi::testing::temp_dir("model_files_given") / "m.safetensors";
  io::write_file_atomic(path, "x");
  EXPECT_EQ(existing_model(path.string(), "default_vae.safetensors", "nothing"), path);
}

TEST(ModelFiles, AMissingFileIsOneInputErrorNamingItAndHowToMakeIt) {
  const auto path = vec2midi::testing::temp_dir("model_files_missing") / "absent.safetensors";
  try {
    vae_file(path.string());
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path.string()), std::string::npos) << what;
    EXPECT_NE(what.find("vec2midi train-vae"), std::string::npos) << what;
  }
  EXPECT_THROW(embedder_file(path.string()), InputError);
}

TEST(ModelFiles, FlagsAreParsedIntoTheirStrings) {
  CLI::App app;
  std::string model, embedder, centres;
  add_model_flags(app, model, embedder, centres, "Embedder model file");
  const auto centres_file = vec2midi::testing::temp_dir("model_files_flags") / "c.json";
  io::write_file_atomic(centres_file, "{}");
  const std::string c = centres_file.string();
  const char* argv[] = {"x", "--model", "a.safetensors", "--embedder", "b.safetensors", "--centres", c.c_str()};
  app.parse(7, argv);
  EXPECT_EQ(model, "a.safetensors");
  EXPECT_EQ(embedder, "b.safetensors");
  EXPECT_EQ(centres, c);
  CLI::App other;
  add_model_flags(other, model, embedder, centres, "Embedder model file");
  const char* missing[] = {"x", "--centres", "/nonexistent/c.json"};
  EXPECT_THROW(other.parse(3, missing), CLI::ValidationError);  // the centres file must exist
}

}  // namespace
}  // namespace vec2midi::app
