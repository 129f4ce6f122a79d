// `vec2midi import-tflite` on the original's real network, the imported file used by embed and evaluate,
// `--centres` from the original's printed centres, and one error line with exit code 2 for bad input.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "search_cli_fixture.hpp"
#include "support/shared_data.hpp"
#include "transition/transition_file.hpp"

namespace vec2midi::app {
namespace {

namespace fs = std::filesystem;
using search_testing::quoted;
using search_testing::search_files;
using vec2midi::testing::run_vec2midi;
using vec2midi::testing::shared_json;
using vec2midi::testing::shared_path;
using vec2midi::testing::temp_dir;

constexpr char kTflite[] = "data/original/colors_mobilenet.tflite";
constexpr char kCentres[] = "data/original/centres.json";

/// The original's network imported once for all tests here, centres from the printed ones.
const fs::path& imported() {
  static const fs::path path = [] {
    const fs::path out = temp_dir("import_tflite") / "original.safetensors";
    const auto r = run_vec2midi("import-tflite " + quoted(shared_path(kTflite)) + " -o " + quoted(out) + " --photos " +
                                quoted(shared_path("data/photos/train")) + " --centres " + quoted(shared_path(kCentres)) +
                                " -q --json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc.at("operators"), 78);
    EXPECT_EQ(doc.at("layers"), 72);
    EXPECT_EQ(doc.at("embedding_size"), 9);
    EXPECT_EQ(doc.at("n_photos"), 285);
    return out;
  }();
  return path;
}

TEST(ImportTfliteCommand, EmbedGivesTheOriginalsEmbeddingAndItsPrintedCentres) {
  const auto golden = shared_json("golden/seed_embedder_train.json").at("items");
  const auto centres = shared_json(kCentres).at("centres");
  const auto& item = golden.at(100);
  const auto r = run_vec2midi("embed " + quoted(shared_path(item.at("photo").get<std::string>())) + " --embedder " +
                              quoted(imported()) + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto out = nlohmann::json::parse(r.out).at("images").at(0);
  const auto e = out.at("embedding");
  for (size_t k = 0; k < 9; ++k) EXPECT_NEAR(e[k].get<double>(), item.at("float")[k].get<double>(), 1e-4);
  // The squared distance to the printed "red" centre (index 6), from the printed numbers themselves.
  double d = 0.0;
  for (size_t k = 0; k < 9; ++k) d += std::pow(e[k].get<double>() - centres[6][k].get<double>(), 2);
  EXPECT_NEAR(out.at("distances").at("red").get<double>(), d, 1e-4);
}

TEST(ImportTfliteCommand, EvaluateRunsOnTheImportedNetworkWithCentresFromAFile) {
  const fs::path t = temp_dir("import_tflite_eval") / "t.safetensors";
  transition::write_transition_file(t, {{.n_matrices = 3, .seed = 1, .latent_size = 8, .embedding_size = 9}, {0.07, -0.05, 0.03}, "tiny"});
  const auto r = run_vec2midi("evaluate --model " + quoted(search_files().model) + " --embedder " + quoted(imported()) +
                              " --centres " + quoted(shared_path(kCentres)) + " --transition " + quoted(t) +
                              " --class-sizes 40 40 40 40 40 40 40 40 40 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("n_pairs"), 153);
  EXPECT_EQ(doc.at("centres"), shared_path(kCentres).string());
}

TEST(ImportTfliteCommand, AMalformedCentresFileIsOneErrorLine) {
  const fs::path bad = temp_dir("import_tflite_bad_centres") / "c.json";
  std::ofstream(bad) << R"({"classes": ["black"], "centres": [[1, 2]]})";
  const auto r = run_vec2midi("evaluate --model " + quoted(search_files().model) + " --embedder " + quoted(imported()) +
                              " --centres " + quoted(bad) + " --class-sizes 40 40 40 40 40 40 40 40 40");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad.string() + ": the centre of 'black' has 2 numbers, expected 9"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(ImportTfliteCommand, ATruncatedFileIsOneErrorLineAndNoOutput) {
  const fs::path dir = temp_dir("import_tflite_truncated");
  std::ifstream in(shared_path(kTflite), std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  std::ofstream(dir / "cut.tflite", std::ios::binary) << s.str().substr(0, s.str().size() / 3);
  const auto r = run_vec2midi("import-tflite " + quoted(dir / "cut.tflite") + " -o " + quoted(dir / "out.safetensors") +
                              " --photos " + quoted(shared_path("data/photos/train")) + " -q");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cut.tflite: not a valid TFLite model"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out.safetensors"));
}

TEST(ImportTfliteCommand, PhotosWithoutEveryClassAreRefused) {
  const auto r = run_vec2midi("import-tflite " + quoted(shared_path(kTflite)) + " -o " +
                              quoted(temp_dir("import_tflite_cars") / "x.safetensors") + " --photos " +
                              quoted(shared_path("data/photos/cars_web")) + " -q");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no photo of class 'orange'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace vec2midi::app
