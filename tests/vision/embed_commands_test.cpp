// End-to-end checks of the Image2Vec subcommands (make-scenes, train-embedder, embed, embed-eval,
// embed-plot) through the built binary, with a tiny model trained once for the whole suite.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <opencv2/imgcodecs.hpp>

#include "io/atomic_file.hpp"
#include "vision/embedder_model.hpp"
#include "support/lone_program.hpp"
#include "support/shared_data.hpp"
#include "keras_fixture.hpp"

namespace vec2midi::vision {
namespace {
namespace fs = std::filesystem;
using vec2midi::testing::run_vec2midi;

class EmbedCommands : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(vec2midi::testing::temp_dir("embed_commands"));
    const auto scenes = run_vec2midi("make-scenes --n 36 --seed 3 --size 64 -q -o " + (*dir_ / "scenes").string());
    ASSERT_EQ(scenes.exit_code, 0) << scenes.err;
    const auto train = run_vec2midi("train-embedder " + (*dir_ / "scenes").string() + " -o " + model().string() +
                                    " --holdout 0.25 --scenes 18 --steps 2 --per-class 2 --width 0.1 --middle-blocks 0 -q --json");
    ASSERT_EQ(train.exit_code, 0) << train.err;
    train_json_ = new nlohmann::json(nlohmann::json::parse(train.out));
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete train_json_;
  }
  static fs::path model() { return *dir_ / "tiny.safetensors"; }
  static std::string with_model(const std::string& args) { return args + " --embedder " + model().string(); }

  static fs::path* dir_;
  static nlohmann::json* train_json_;
};
fs::path* EmbedCommands::dir_ = nullptr;
nlohmann::json* EmbedCommands::train_json_ = nullptr;

TEST_F(EmbedCommands, MakeScenesWritesBalancedClassFolders) {
  const auto out = *dir_ / "more_scenes";
  const auto r = run_vec2midi("make-scenes --n 18 --seed 4 --size 48 -q --json -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["per_class"]["yellow"], 2);
  EXPECT_TRUE(fs::exists(out / "yellow"));
  EXPECT_EQ(std::distance(fs::directory_iterator(out / "grey"), fs::directory_iterator()), 2);
}

TEST_F(EmbedCommands, TrainEmbedderReportsItsHeldOutFigures) {
  const auto& held = (*train_json_)["held_out"];
  EXPECT_EQ(held["n_images"], 9);  // a quarter of 4 per class
  EXPECT_TRUE(held["accuracy"].is_number());
  EXPECT_TRUE(held["baseline_accuracy"].is_number());
  EXPECT_TRUE(fs::exists(model()));
  EXPECT_FALSE(fs::exists(model().string() + ".ckpt"));
}

TEST_F(EmbedCommands, EmbedPrintsEmbeddingColourAndNineDistances) {
  const auto image = fs::directory_iterator(*dir_ / "scenes" / "red")->path();
  const auto r = run_vec2midi(with_model("embed --json " + image.string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto item = nlohmann::json::parse(r.out)["images"][0];
  EXPECT_EQ(item["embedding"].size(), 9u);
  EXPECT_EQ(item["distances"].size(), 9u);
  const std::string colour = item["colour"];
  float best = 1e9f;
  std::string nearest;
  for (const auto& [name, d] : item["distances"].items()) {
    if (d.get<float>() < best) best = d.get<float>(), nearest = name;
  }
  EXPECT_EQ(colour, nearest);
}

TEST_F(EmbedCommands, EmbedEvalReportsCnnAndBaselineInOneRun) {
  const auto r = run_vec2midi(with_model("embed-eval --held-out -q --json " + (*dir_ / "scenes").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"accuracy", "baseline_accuracy", "per_class", "confusion", "pairwise_auc"}) EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["n_images"], 9);
  int64_t total = 0;
  for (const auto& row : j["confusion"])
    for (const auto& v : row) total += v.get<int64_t>();
  EXPECT_EQ(total, 9);
}

TEST_F(EmbedCommands, EmbedPlotWritesPngAndGif) {
  const auto out = *dir_ / "plot" / "embedding";
  const auto r = run_vec2midi(with_model("embed-plot -q --json --frames 3 --size 200 -o " + out.string() + " " + (*dir_ / "scenes").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["projection"], "pca");
  EXPECT_EQ(cv::imread(out.string() + ".png").cols, 200);
  EXPECT_EQ(io::read_file(out.string() + ".gif").substr(0, 6), "GIF89a");
}

TEST_F(EmbedCommands, EmbedEvalAndEmbedPlotRunInTheLightExecutableAlone) {
  // build/vec2midi alone in a folder has no vec2midi-torch to hand a command to: these run without libtorch.
  const fs::path alone = vec2midi::testing::lone_light_program(*dir_ / "alone");
  const std::string scenes = (*dir_ / "scenes").string();
  const fs::path plot = *dir_ / "alone" / "plot";
  for (const std::string& args : {with_model("embed-eval --held-out -q --json " + scenes),
                                  with_model("embed-plot -q --frames 2 --size 200 -o " + plot.string() + " " + scenes)}) {
    const int status = std::system((alone.string() + " " + args + " >/dev/null 2>&1").c_str());
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << args;
  }
  EXPECT_TRUE(fs::exists(plot.string() + ".png"));
}

TEST_F(EmbedCommands, EmbedRefusesATextFileWithOneClearLine) {
  const auto path = *dir_ / "notes.jpg";
  io::write_file_atomic(path, "this is not a picture");
  const auto r = run_vec2midi(with_model("embed " + path.string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(path.string() + ": not an image"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  EXPECT_TRUE(r.out.empty());
}

TEST_F(EmbedCommands, EmbedRefusesADecompressionBomb) {
  std::vector<uchar> bytes;
  cv::imencode(".png", cv::Mat(2, 2, CV_8UC3, cv::Scalar(0)), bytes);
  std::string png(bytes.begin(), bytes.end());
  png.replace(16, 8, std::string("\x00\x01\x86\xA0\x00\x01\x86\xA0", 8));  // 100000 x 100000
  const auto path = *dir_ / "bomb.png";
  io::write_file_atomic(path, png);
  const auto r = run_vec2midi(with_model("embed " + path.string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("too large"), std::string::npos) << r.err;
}

TEST_F(EmbedCommands, EmbedWithoutModelFileExitsTwo) {
  const auto image = fs::directory_iterator(*dir_ / "scenes" / "red")->path();
  const auto r = run_vec2midi("embed --embedder /nonexistent/e.safetensors " + image.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/e.safetensors"), std::string::npos) << r.err;
}

TEST_F(EmbedCommands, EmbedEvalOfAFolderWithoutClassesExitsTwo) {
  fs::create_directories(*dir_ / "no_classes" / "misc");
  const auto r = run_vec2midi(with_model("embed-eval " + (*dir_ / "no_classes").string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no colour-class sub-folder"), std::string::npos) << r.err;
}

TEST_F(EmbedCommands, TrainEmbedderWithNothingToTrainOnExitsTwo) {
  const auto r = run_vec2midi("train-embedder --scenes 0 -q -o " + (*dir_ / "none.safetensors").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(fs::exists(*dir_ / "none.safetensors"));
}

// --pretrained: a MobileNetV2 started from Keras weights (a tiny tfjs folder of its first two blocks) trains, its file
// names the backbone and where it started, and the plain engine of `embed` runs it.
TEST_F(EmbedCommands, TrainEmbedderStartsAMobileNetV2FromPretrainedWeights) {
  const auto pretrained = fixtures::tfjs_folder("embed_commands_keras", fixtures::keras_two_blocks(), "", true);
  const auto out = *dir_ / "v2.safetensors";
  const auto r = run_vec2midi("train-embedder " + (*dir_ / "scenes").string() + " -o " + out.string() +
                              " --backbone mobilenet_v2 --v2-blocks 2 --pretrained " + pretrained.string() +
                              " --input-size 32 --holdout 0.25 --scenes 18 --steps 2 --per-class 2 -q --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const EmbedderModel model = load_embedder_model(out);
  EXPECT_EQ(model.options.backbone, "mobilenet_v2");
  EXPECT_EQ(model.options.v2_blocks, 2);
  EXPECT_EQ(model.training["options"]["pretrained"], pretrained.string());
  const auto image = fs::directory_iterator(*dir_ / "scenes" / "red")->path();
  const auto embed = run_vec2midi("embed " + image.string() + " --embedder " + out.string() + " --json");
  ASSERT_EQ(embed.exit_code, 0) << embed.err;
  EXPECT_EQ(nlohmann::json::parse(embed.out)["images"][0]["embedding"].size(), 9u);
}

TEST_F(EmbedCommands, PretrainedWeightsForOurOwnMobileNetAreOneClearError) {
  const auto pretrained = fixtures::tfjs_folder("embed_commands_keras_v1", fixtures::keras_two_blocks());
  const auto out = *dir_ / "v1_pretrained.safetensors";
  const auto r = run_vec2midi("train-embedder " + (*dir_ / "scenes").string() + " -o " + out.string() + " --pretrained " +
                              pretrained.string() + " --scenes 18 --steps 2 --per-class 2 -q");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("mobilenet_v2"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
}  // namespace vec2midi::vision
