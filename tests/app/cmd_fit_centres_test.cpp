// `vec2midi fit-centres` on real photos: the shipped embedder's centres fitted again on the 354 photos of the
// validation part of data/photo_split.json (../shared/data/photos), through a centred 80 % crop and through the whole
// frame. What is checked comes from elsewhere than the command: `vec2midi embed` of the same photos with the written
// file (the centres must be their class means and spreads, the fit accuracy their share named right), a crop cut out
// here by hand (the view the file names), and the source file's own tensors (all but the centres kept).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "io/atomic_file.hpp"
#include "io/safetensors.hpp"
#include "support/shared_data.hpp"
#include "vision/colour_class.hpp"
#include "vision/image_io.hpp"
#include "vision/plain_embedder.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;
using vec2midi::testing::run_vec2midi;

struct Photo {
  fs::path path;
  int label = 0;
};

class FitCentres : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(vec2midi::testing::temp_dir("fit_centres"));
    photos_ = new std::vector<Photo>();
    const auto split = nlohmann::json::parse(io::read_file(vec2midi::testing::project_path("data/photo_split.json")));
    for (const auto& [source, parts] : split.at("sources").items()) {
      for (const std::string key : parts.at("validation")) {
        photos_->push_back({vec2midi::testing::shared_path("data/photos/" + source + "/" + key),
                            vision::class_index(key.substr(0, key.find('/')))});
      }
    }
    for (const auto& [name, crop] : {std::pair{"crop80", "0.8"}, std::pair{"whole", "1"}}) {
      const auto r = run_vec2midi("fit-centres --photos " + photos_root().string() + " --split " + split_file().string() +
                                  " --part validation --centre-crop " + crop + " -q --json -o " + output(name).string());
      ASSERT_EQ(r.exit_code, 0) << r.err;
      (*fits_)[name] = nlohmann::json::parse(r.out);
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete photos_;
  }
  static fs::path photos_root() { return vec2midi::testing::shared_path("data/photos"); }
  static fs::path split_file() { return vec2midi::testing::project_path("data/photo_split.json"); }
  static fs::path source() { return vec2midi::testing::project_path("models/embedder.safetensors"); }
  static fs::path output(const std::string& name) { return *dir_ / (name + ".safetensors"); }

  // `vec2midi embed --json` of every photo with `file`: its "images" array.
  static nlohmann::json embed_all(const fs::path& file) {
    std::string args = "embed --json --embedder " + file.string();
    for (const Photo& p : *photos_) args += " " + p.path.string();
    const auto r = run_vec2midi(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out).at("images");
  }

  static fs::path* dir_;
  static std::vector<Photo>* photos_;
  static std::map<std::string, nlohmann::json>* fits_;
};
fs::path* FitCentres::dir_ = nullptr;
std::vector<Photo>* FitCentres::photos_ = nullptr;
std::map<std::string, nlohmann::json>* FitCentres::fits_ = new std::map<std::string, nlohmann::json>();

TEST_F(FitCentres, TheCentresAreTheClassMeansAndSpreadsOfThePartThroughTheView) {
  ASSERT_EQ(photos_->size(), 354u);
  for (const std::string name : {"crop80", "whole"}) {
    const nlohmann::json images = embed_all(output(name));
    ASSERT_EQ(images.size(), photos_->size());
    const vision::PlainEmbedder fitted(output(name));
    const int64_t e = fitted.options().embedding_size;
    std::vector<double> sum(size_t(vision::kNumClasses * e)), sum2(sum.size());
    std::vector<int> count(vision::kNumClasses);
    int right = 0;
    for (size_t i = 0; i < images.size(); ++i) {
      const int label = (*photos_)[i].label;
      const std::vector<float> v = images[i].at("embedding");
      for (int64_t k = 0; k < e; ++k) {
        sum[size_t(label * e + k)] += v[size_t(k)];
        sum2[size_t(label * e + k)] += double(v[size_t(k)]) * v[size_t(k)];
      }
      ++count[size_t(label)];
      right += images[i].at("colour").get<std::string>() == vision::kClassNames[size_t(label)] ? 1 : 0;
    }
    for (int c = 0; c < vision::kNumClasses; ++c) {
      ASSERT_GT(count[size_t(c)], 0) << c;
      for (int64_t k = 0; k < e; ++k) {
        const double mean = sum[size_t(c * e + k)] / count[size_t(c)];
        const double var = sum2[size_t(c * e + k)] / count[size_t(c)] - mean * mean;
        EXPECT_NEAR(fitted.centres().mean_of(c)[size_t(k)], mean, 1e-5) << name << ", class " << c << ", dim " << k;
        EXPECT_NEAR(fitted.centres().std_of(c)[size_t(k)], std::sqrt(std::max(var, 0.0)), 1e-4) << name << ", class " << c;
      }
    }
    const nlohmann::json& fit = fits_->at(name);
    EXPECT_EQ(fit.at("n_photos"), 354);
    EXPECT_EQ(fit.at("part"), "validation");
    EXPECT_NEAR(fit.at("accuracy_on_fit_photos").get<double>(), double(right) / double(images.size()), 1e-12) << name;
  }
}

TEST_F(FitCentres, TheFileSeesTheMiddleEightyPercentOfEachSide) {
  const vision::PlainEmbedder whole(output("whole"));
  EXPECT_TRUE(whole.view().whole_frame());
  EXPECT_EQ(vision::PlainEmbedder(output("crop80")).view().centre_crop, 0.8);
  std::string args = "embed --json --embedder " + output("crop80").string();
  for (size_t i = 0; i < 3; ++i) args += " " + (*photos_)[i * 100].path.string();
  const auto r = run_vec2midi(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json images = nlohmann::json::parse(r.out).at("images");
  for (size_t i = 0; i < 3; ++i) {
    const cv::Mat p = vision::load_image((*photos_)[i * 100].path);
    const int w = int(std::lround(p.cols * 0.8)), h = int(std::lround(p.rows * 0.8));
    const std::vector<float> want = whole.embed(p(cv::Rect((p.cols - w) / 2, (p.rows - h) / 2, w, h)).clone());
    const std::vector<float> got = images[i].at("embedding");
    ASSERT_EQ(got.size(), want.size());
    for (size_t k = 0; k < want.size(); ++k) EXPECT_NEAR(got[k], want[k], 1e-6) << (*photos_)[i * 100].path;
  }
}

TEST_F(FitCentres, KeepsTheNetworkTheBaselineAndTheRecordAndSaysWhatItDid) {
  const io::Safetensors before = io::read_safetensors(source());
  for (const std::string name : {"crop80", "whole"}) {
    const io::Safetensors after = io::read_safetensors(output(name));
    ASSERT_EQ(after.tensors.size(), before.tensors.size());
    for (const auto& [tensor, stored] : before.tensors) {
      if (tensor.starts_with("centres.")) continue;
      EXPECT_EQ(after.tensors.at(tensor).bytes, stored.bytes) << tensor;
      EXPECT_EQ(after.tensors.at(tensor).dtype, stored.dtype) << tensor;
    }
    for (const auto& [key, value] : before.metadata) {
      if (key != "training" && key != "view") EXPECT_EQ(after.metadata.at(key), value) << key;
    }
    auto training = nlohmann::json::parse(after.metadata.at("training"));
    const nlohmann::json fit = training.at("centres");
    EXPECT_EQ(fit.at("command"), "fit-centres");
    EXPECT_EQ(fit.at("part"), "validation");
    training.erase("centres");
    auto earlier = nlohmann::json::parse(before.metadata.at("training"));
    earlier.erase("centres");
    EXPECT_EQ(training, earlier);
  }
  EXPECT_EQ(io::read_safetensors(output("crop80")).metadata.at("view"), R"({"centre_crop":0.8})");
  EXPECT_FALSE(io::read_safetensors(output("whole")).metadata.contains("view"));
}

TEST_F(FitCentres, BadInputIsOneErrorLineAndNoFile) {
  const fs::path out = *dir_ / "refused.safetensors";
  const std::string common = "fit-centres --photos " + photos_root().string() + " --split " + split_file().string();
  for (const std::string bad : {" --centre-crop 0", " --centre-crop 1.5", " --part everything",
                                " --embedder /nonexistent/embedder.safetensors"}) {
    const auto r = run_vec2midi(common + bad + " -q -o " + out.string());
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << bad << ": " << r.err;
    EXPECT_FALSE(fs::exists(out)) << bad;
  }
}

}  // namespace
}  // namespace vec2midi::app
