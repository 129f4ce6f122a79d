#include "compose/latent_sliders.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "io/atomic_file.hpp"
#include "io/error.hpp"

namespace vec2midi::compose {
namespace {
namespace fs = std::filesystem;

fs::path temp_dir() {
  const fs::path dir = fs::temp_directory_path() / ("vec2midi_sliders_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

TEST(LatentSliders, NamesComeFromFeaturesAndRepeatsAreNumbered) {
  const auto sliders = name_sliders({74, 1, 18}, {"pitch_range", "mean_pitch", "pitch_range"}, {0.4, -0.3, 0.2}, {0.43, 0.4, 0.35});
  ASSERT_EQ(sliders.size(), 3u);
  EXPECT_EQ(sliders[0].name, "pitch range");
  EXPECT_EQ(sliders[1].name, "pitch height");
  EXPECT_EQ(sliders[2].name, "pitch range 2");
  EXPECT_EQ(sliders[1].dim, 1);
  EXPECT_DOUBLE_EQ(sliders[1].effect, -0.3);
  EXPECT_DOUBLE_EQ(sliders[0].min, -kMaxNudge);
}

TEST(LatentSliders, SlidersFileSitsBesideTheModel) {
  EXPECT_EQ(sliders_path("models/default_vae.safetensors"), fs::path("models/default_vae.sliders.json"));
}

TEST(LatentSliders, WrittenSlidersReadBackEqual) {
  const fs::path file = temp_dir() / "m.sliders.json";
  const auto sliders = name_sliders({2, 81}, {"n_notes", "mean_duration"}, {0.5, -0.25}, {0.4, 0.33});
  write_latent_sliders(file, sliders);
  const auto back = read_latent_sliders(file);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].name, "note length");
  EXPECT_EQ(back[1].dim, 81);
  EXPECT_DOUBLE_EQ(back[1].effect, -0.25);
  fs::remove_all(file.parent_path());
}

TEST(LatentSliders, AnAbsentFileMeansNoSliders) { EXPECT_TRUE(read_latent_sliders("/nonexistent/x.sliders.json").empty()); }

TEST(LatentSliders, AMalformedFileThrowsNamingIt) {
  const fs::path file = temp_dir() / "bad.sliders.json";
  io::write_file_atomic(file, "{\"sliders\": [{\"dim\": 3}]}");
  try {
    read_latent_sliders(file);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.sliders.json"), std::string::npos);
  }
  fs::remove_all(file.parent_path());
}

TEST(LatentSliders, NudgesParse) {
  EXPECT_EQ(parse_nudge("74=1.5"), (Nudge{74, 1.5}));
  EXPECT_EQ(parse_nudge("0=-3"), (Nudge{0, -3.0}));
}

TEST(LatentSliders, BadNudgesThrow) {
  for (const char* bad : {"", "74", "=1", "74=", "x=1", "74=1.5x", "74=4", "-1=1", "74=nan", "1=1=1"}) {
    EXPECT_THROW(parse_nudge(bad), InputError) << bad;
  }
}

TEST(LatentSliders, NudgesAddToTheirDims) {
  std::vector<float> z(4, 0.0f);
  apply_nudges(z, {{1, 0.5}, {3, -2.0}});
  EXPECT_EQ(z, (std::vector<float>{0.0f, 0.5f, 0.0f, -2.0f}));
  EXPECT_THROW(apply_nudges(z, {{4, 1.0}}), InputError);
}

TEST(LatentSliders, ADimNudgedTwiceThrows) {
  std::vector<float> z(4, 0.0f);
  EXPECT_THROW(apply_nudges(z, {{1, 2.0}, {1, 2.0}}), InputError);  // would also pass the ±3 limit
  EXPECT_EQ(z, std::vector<float>(4, 0.0f));
}

}  // namespace
}  // namespace vec2midi::compose
