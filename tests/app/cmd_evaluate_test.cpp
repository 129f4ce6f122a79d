// `vec2midi evaluate` as a user meets it: the report JSON, the plots and the MIDI folders per class.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "search_cli_fixture.hpp"
#include "transition/transition_file.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using search_testing::quoted;
using search_testing::search_files;

fs::path tiny_transition() {
  const fs::path path = vec2midi::testing::temp_dir("evaluate_transition") / "t.safetensors";
  transition::write_transition_file(
      path, {{.n_matrices = 3, .seed = 1, .latent_size = 8, .embedding_size = 9}, {0.07, -0.05, 0.03}, "tiny"});
  return path;
}

TEST(EvaluateCommand, ReportsAucTprAndPairs) {
  const fs::path out = vec2midi::testing::temp_dir("evaluate_out");
  const auto r = vec2midi::testing::run_vec2midi(
      "evaluate --model " + quoted(search_files().model) + " --embedder " + quoted(search_files().embedder) +
      " --transition " + quoted(tiny_transition()) + " --class-sizes 40 40 40 40 40 40 40 40 40 -o " + quoted(out) + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  // 40 per class: the last 40 - 38 = 2 of each class are test items -> 18 items, 18·17/2 = 153 pairs
  // (9 of them same-class, so the ROC has both labels).
  EXPECT_EQ(doc.at("n_pairs"), 153);
  EXPECT_TRUE(doc.contains("auc"));
  EXPECT_TRUE(doc.contains("tpr_at_fpr_1e-3"));
  EXPECT_TRUE(fs::exists(out / "roc.png"));
  EXPECT_TRUE(fs::exists(out / "interclass.png"));
  EXPECT_TRUE(fs::exists(out / "report.json"));
  EXPECT_TRUE(fs::exists(out / "midi" / "red"));
}

TEST(EvaluateCommand, FreshDrawsReportEachDrawAndTheirMeanAndSd) {
  const auto r = vec2midi::testing::run_vec2midi(
      "evaluate --model " + quoted(search_files().model) + " --embedder " + quoted(search_files().embedder) +
      " --transition " + quoted(tiny_transition()) + " --class-sizes 40 40 40 40 40 40 40 40 40 --fresh-draws 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  const auto& draws = doc.at("draws");
  ASSERT_EQ(draws.size(), 3u);
  double sum = 0.0;
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(draws[i].at("data_seed").get<uint64_t>(), (uint64_t(1) << 32) + i);
    sum += draws[i].at("auc").get<double>();
  }
  EXPECT_NEAR(doc.at("auc_mean").get<double>(), sum / 3.0, 1e-12);
  EXPECT_GE(doc.at("auc_sd").get<double>(), 0.0);
  EXPECT_EQ(doc.at("data_seed").get<uint64_t>(), uint64_t(1) << 32);
}

TEST(EvaluateCommand, FreshDrawsAndADataSeedExcludeEachOther) {
  const auto r = vec2midi::testing::run_vec2midi(
      "evaluate --model " + quoted(search_files().model) + " --embedder " + quoted(search_files().embedder) +
      " --transition " + quoted(tiny_transition()) + " --fresh-draws 3 --data-seed 5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("excludes"), std::string::npos) << r.err;
}

TEST(EvaluateCommand, PhotosAreEvaluatedRawAndSnappedWithBootstrapIntervals) {
  const auto r = vec2midi::testing::run_vec2midi(
      "evaluate --model " + quoted(search_files().model) + " --embedder " + quoted(search_files().embedder) +
      " --transition " + quoted(tiny_transition()) + " --test " + quoted(vec2midi::testing::shared_path("data/photos/paint_crops")) +
      " --bootstrap 40 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  for (const char* mode : {"continuous", "snapped"}) {
    const auto& m = doc.at(mode);
    const double auc = m.at("auc").get<double>();
    EXPECT_LE(m.at("auc_95")[0].get<double>(), m.at("auc_95")[1].get<double>()) << mode;
    EXPECT_LE(m.at("tpr_95")[0].get<double>(), m.at("tpr_95")[1].get<double>()) << mode;
    EXPECT_GE(auc, 0.0);
    EXPECT_EQ(m.at("n_bootstrap").get<int64_t>(), 40);
  }
  EXPECT_EQ(doc.at("continuous").at("auc"), doc.at("auc"));
  EXPECT_EQ(doc.at("n_test"), 456);
}

TEST(EvaluateCommand, SoftSnapReplacesTheRawEmbeddingsAndLeavesTheSnappedOnesAlone) {
  const std::string common = "evaluate --model " + quoted(search_files().model) + " --embedder " +
                             quoted(search_files().embedder) + " --transition " + quoted(tiny_transition()) + " --json";
  const std::string photos = " --test " + quoted(vec2midi::testing::shared_path("data/photos/paint_crops"));
  const auto raw = vec2midi::testing::run_vec2midi(common + photos);
  const auto soft = vec2midi::testing::run_vec2midi(common + photos + " --soft-snap 1");
  ASSERT_EQ(raw.exit_code, 0) << raw.err;
  ASSERT_EQ(soft.exit_code, 0) << soft.err;
  const auto r = nlohmann::json::parse(raw.out), s = nlohmann::json::parse(soft.out);
  EXPECT_EQ(s.at("soft_snap"), 1.0);
  EXPECT_FALSE(s.contains("continuous"));
  EXPECT_EQ(s.at("soft_snapped").at("auc"), s.at("auc"));
  EXPECT_EQ(s.at("snapped"), r.at("snapped"));  // the nearest centre of each raw embedding, either way
  // The original scheme's draw, too, is soft-snapped (the shipped VAE and embedder: with the tiny ones every sample
  // decodes alike); a temperature must be positive.
  const fs::path transition = vec2midi::testing::temp_dir("evaluate_soft_snap") / "t.safetensors";
  transition::write_transition_file(transition, {{.n_matrices = 3, .seed = 1, .latent_size = 128, .embedding_size = 9},
                                                 {0.07, -0.05, 0.03}, "default_vae"});
  const std::string original = "evaluate --model " + quoted(vec2midi::testing::project_path("models/default_vae.safetensors")) +
                               " --embedder " + quoted(vec2midi::testing::project_path("models/embedder.safetensors")) +
                               " --transition " + quoted(transition) +
                               " --json --class-sizes 40 40 40 40 40 40 40 40 40";
  const auto drawn = vec2midi::testing::run_vec2midi(original + " --soft-snap 1");
  ASSERT_EQ(drawn.exit_code, 0) << drawn.err;
  EXPECT_EQ(nlohmann::json::parse(drawn.out).at("soft_snap"), 1.0);
  EXPECT_NE(nlohmann::json::parse(drawn.out).at("auc"), nlohmann::json::parse(vec2midi::testing::run_vec2midi(original).out).at("auc"));
  EXPECT_EQ(vec2midi::testing::run_vec2midi(original + " --soft-snap -1").exit_code, 2);
}

TEST(EvaluateCommand, ASplitMeasuresTheImagesOfItsPartOnly) {
  // data/photo_split.json (tests run in the repository root): its validation part holds 354 of the 3,501 photos.
  const auto r = vec2midi::testing::run_vec2midi(
      "evaluate --model " + quoted(search_files().model) + " --embedder " + quoted(search_files().embedder) +
      " --transition " + quoted(tiny_transition()) + " --test " + quoted(vec2midi::testing::shared_path("data/photos")) +
      " --split data/photo_split.json --part validation --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("n_test"), 354);
  EXPECT_EQ(doc.at("split").at("part"), "validation");
  EXPECT_TRUE(doc.contains("snapped"));
}

TEST(EvaluateCommand, ASplitNeedsAFolderAndAKnownPart) {
  const std::string common = "evaluate --model " + quoted(search_files().model) + " --embedder " +
                             quoted(search_files().embedder) + " --transition " + quoted(tiny_transition());
  const auto no_folder = vec2midi::testing::run_vec2midi(common + " --split data/photo_split.json");
  EXPECT_EQ(no_folder.exit_code, 2);
  EXPECT_NE(no_folder.err.find("--split needs --test DIR"), std::string::npos) << no_folder.err;
  const auto bad_part = vec2midi::testing::run_vec2midi(common + " --test " + quoted(vec2midi::testing::shared_path("data/photos")) +
                                                        " --split data/photo_split.json --part holdout");
  EXPECT_EQ(bad_part.exit_code, 2);
  EXPECT_NE(bad_part.err.find("--part must be"), std::string::npos) << bad_part.err;
}

TEST(EvaluateCommand, MissingTransitionNamesThePath) {
  const auto r = vec2midi::testing::run_vec2midi("evaluate --model " + quoted(search_files().model) + " --embedder " +
                                                 quoted(search_files().embedder) + " --transition /nonexistent/t.safetensors");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/t.safetensors"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace vec2midi::app
