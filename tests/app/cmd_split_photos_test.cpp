// `vec2midi split-photos` and the commands that read its file (--split): train-embedder trains on the train
// part and holds out validation, embed-eval reports one part per source with the baseline fitted on train.
// Two "sources" of generated scenes stand in for photo folders (the plumbing, not the figures, is tested).
#include <gtest/gtest.h>

#include <algorithm>

#include "io/atomic_file.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using vec2midi::testing::run_vec2midi;

class SplitPhotos : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new fs::path(vec2midi::testing::temp_dir("split_photos"));
    for (const auto& [source, seed] : {std::pair{"near", 3}, std::pair{"far", 4}}) {
      const auto r = run_vec2midi("make-scenes --n 45 --seed " + std::to_string(seed) + " --size 48 -q -o " +
                                  (*root_ / "photos" / source).string());
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    const auto split = run_vec2midi("split-photos " + photos().string() + " -o " + split_file().string() + " --json");
    ASSERT_EQ(split.exit_code, 0) << split.err;
    split_json_ = new nlohmann::json(nlohmann::json::parse(split.out));
    const auto train = run_vec2midi("train-embedder " + photos().string() + " --split " + split_file().string() + " -o " +
                                    model().string() + " --scenes 18 --steps 2 --per-class 2 --width 0.1 --middle-blocks 0 -q --json");
    ASSERT_EQ(train.exit_code, 0) << train.err;
    train_json_ = new nlohmann::json(nlohmann::json::parse(train.out));
  }
  static void TearDownTestSuite() {
    delete root_;
    delete split_json_;
    delete train_json_;
  }
  static fs::path photos() { return *root_ / "photos"; }
  static fs::path split_file() { return *root_ / "split.json"; }
  static fs::path model() { return *root_ / "tiny.safetensors"; }

  static fs::path* root_;
  static nlohmann::json* split_json_;
  static nlohmann::json* train_json_;
};
fs::path* SplitPhotos::root_ = nullptr;
nlohmann::json* SplitPhotos::split_json_ = nullptr;
nlohmann::json* SplitPhotos::train_json_ = nullptr;

TEST_F(SplitPhotos, SplitsEverySourceSeventyTenTwenty) {
  for (const char* source : {"near", "far"}) {
    const auto& s = (*split_json_)["sources"][source];
    EXPECT_EQ(s["train"], 27) << source;  // 5 per class: 1 test, 1 validation, 3 train
    EXPECT_EQ(s["validation"], 9) << source;
    EXPECT_EQ(s["test"], 9) << source;
  }
  const auto file = nlohmann::json::parse(io::read_file(split_file()));
  EXPECT_EQ(file["sources"]["near"]["test"].size(), 9u);
}

TEST_F(SplitPhotos, TrainEmbedderHoldsOutTheValidationPart) {
  EXPECT_EQ((*train_json_)["n_train_images"], 54);
  EXPECT_EQ((*train_json_)["held_out"]["n_images"], 18);
}

TEST_F(SplitPhotos, EmbedEvalReportsThePartPerSourceWithIntervals) {
  const auto r = run_vec2midi("embed-eval " + photos().string() + " --split " + split_file().string() +
                              " --part test -q --json --embedder " + model().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["n_images"], 18);
  EXPECT_EQ(j["split"]["part"], "test");
  EXPECT_EQ(j["baseline"]["fitted_on"], "the split's train part");
  for (const char* source : {"near", "far"}) {
    EXPECT_EQ(j["sources"][source]["cnn"]["n_images"], 9) << source;
    EXPECT_EQ(j["sources"][source]["baseline"]["n_images"], 9) << source;
  }
  const double accuracy = j["accuracy"].get<double>();
  EXPECT_LE(j["accuracy_interval"][0].get<double>(), accuracy);
  EXPECT_GE(j["accuracy_interval"][1].get<double>(), accuracy);
  EXPECT_GT(j["accuracy_interval"][1].get<double>() - j["accuracy_interval"][0].get<double>(), 0.1);  // 18 images: wide
}

TEST_F(SplitPhotos, ASplitThatNamesMissingPhotosExitsTwoWithOneLine) {
  const auto bad = *root_ / "elsewhere";
  fs::create_directories(bad);
  const auto r = run_vec2midi("embed-eval " + bad.string() + " --split " + split_file().string() + " -q --embedder " +
                              model().string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("in the split but not found"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST_F(SplitPhotos, TrainEmbedderRefusesAnUnknownHardClassWithOneLine) {
  const auto out = *root_ / "hard.safetensors";
  const auto r = run_vec2midi("train-embedder " + photos().string() + " --split " + split_file().string() + " -o " +
                              out.string() + " --scenes 18 --steps 2 --per-class 2 --hard-classes white,mauve -q");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("mauve"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(SplitPhotos, HeldOutAndSplitCannotBeCombined) {
  const auto r = run_vec2midi("embed-eval " + photos().string() + " --split " + split_file().string() + " --held-out -q");
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace
}  // namespace vec2midi::app
