#include "app/compose_form.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "io/atomic_file.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::app {
namespace {

namespace fs = std::filesystem;

// An 8 x 8 PNG (one of the fuzz seeds; its header is what the form checks).
std::string tiny_png() { return io::read_file(testing::test_data_path("fuzz/image_loader/red_8x8.png")); }

httplib::Request form(std::initializer_list<std::pair<std::string, std::string>> fields) {
  httplib::Request req;
  for (const auto& [name, value] : fields) req.files.emplace(name, httplib::MultipartFormData{name, value, "", ""});
  return req;
}

int status_of(const httplib::Request& req, const ComposeFormLimits& limits = {}) {
  try {
    parse_compose_form(req, limits);
  } catch (const FormError& e) {
    return e.status();
  }
  return 200;
}

TEST(ComposeForm, ReadsAnUploadAndItsSettings) {
  httplib::Request req = form({{"bars", "2"}, {"temperature", "0.5"}, {"continuous", "yes"}, {"tempo", "90"}});
  req.files.emplace("image", httplib::MultipartFormData{"image", tiny_png(), "My Photo!.png", "image/png"});
  const ComposeForm f = parse_compose_form(req, {});
  EXPECT_EQ(f.name, "MyPhoto");
  EXPECT_EQ(f.width, 8);
  EXPECT_EQ(f.height, 8);
  EXPECT_EQ(f.n_bars, 2);
  EXPECT_DOUBLE_EQ(f.temperature, 0.5);
  EXPECT_TRUE(f.continuous);
  EXPECT_DOUBLE_EQ(f.qpm, 90.0);
  EXPECT_FALSE(f.video);
}

TEST(ComposeForm, DefaultsComeFromTheLimits) {
  httplib::Request req;
  req.files.emplace("image", httplib::MultipartFormData{"image", tiny_png(), "a.png", ""});
  const ComposeForm f = parse_compose_form(req, {.default_program = 40, .default_qpm = 100.0});
  EXPECT_EQ(f.program, 40);
  EXPECT_DOUBLE_EQ(f.qpm, 100.0);
  EXPECT_EQ(f.n_bars, 1);
}

TEST(ComposeForm, StatusesOfBadForms) {
  EXPECT_EQ(status_of(form({})), 400);                                      // no picture
  EXPECT_EQ(status_of(form({{"image", ""}})), 400);                         // empty upload
  EXPECT_EQ(status_of(form({{"image", "plain text"}})), 415);               // not a picture
  EXPECT_EQ(status_of(form({{"image", tiny_png()}, {"bars", "3"}})), 400);  // out of range
  EXPECT_EQ(status_of(form({{"image", tiny_png()}, {"seed", "1x"}})), 400);
  EXPECT_EQ(status_of(form({{"image", tiny_png()}, {"continuous", "maybe"}})), 400);
  EXPECT_EQ(status_of(form({{"image", tiny_png()}, {"video", "true"}}), {.allow_video = false}), 403);
  EXPECT_EQ(status_of(form({{"image", tiny_png()}}), {.max_upload_bytes = 10}), 413);
  EXPECT_EQ(status_of(form({{"image", tiny_png()}}), {.max_image_pixels = 63}), 413);
}

TEST(ComposeForm, PieceFieldsAreRead) {
  const ComposeForm f = parse_compose_form(
      form({{"image", tiny_png()}, {"bars", "16"}, {"key", "F#m"}, {"accompaniment", "chords"}, {"nudges", "74=1.5,18=-1"}}), {});
  EXPECT_EQ(f.n_bars, 16);
  ASSERT_TRUE(f.key);
  EXPECT_EQ(*f.key, (music::Key{.tonic = 6, .mode = music::Mode::kMinor}));
  EXPECT_EQ(f.accompaniment, compose::Accompaniment::kChords);
  EXPECT_EQ(f.nudges, (std::vector<compose::Nudge>{{.dim = 74, .value = 1.5}, {.dim = 18, .value = -1.0}}));
  EXPECT_FALSE(parse_compose_form(form({{"image", tiny_png()}, {"key", "auto"}}), {}).key);
}

TEST(ComposeForm, BarsMustBeAFormLengthNotAFraction) {
  for (const std::string bars : {"3", "64", "0", "2.5", "4.0001", "eight"}) {
    try {
      parse_compose_form(form({{"image", tiny_png()}, {"bars", bars}}), {});
      ADD_FAILURE() << bars << " accepted";
    } catch (const FormError& e) {
      EXPECT_EQ(e.status(), 400) << bars;
      EXPECT_NE(std::string(e.what()).find("'" + bars + "'"), std::string::npos) << e.what();
    }
  }
}

TEST(ComposeForm, ExamplesComeOnlyFromTheExamplesFolder) {
  const fs::path dir = testing::temp_dir("compose_form_examples");
  io::write_file_atomic(dir / "red.png", tiny_png());
  const ComposeFormLimits limits{.examples_dir = dir};
  EXPECT_EQ(parse_compose_form(form({{"example", "red.png"}}), limits).name, "red");
  EXPECT_EQ(status_of(form({{"example", "../red.png"}}), limits), 400);
  EXPECT_EQ(status_of(form({{"example", "blue.png"}}), limits), 404);
}

TEST(SafeFileName, KeepsLettersDigitsDashUnderscore) {
  EXPECT_EQ(safe_file_name("../../etc/pass wd.jpg"), "passwd");
  EXPECT_EQ(safe_file_name("...."), "picture");
  EXPECT_EQ(safe_file_name(std::string(100, 'a') + ".png").size(), 40u);
}

}  // namespace
}  // namespace vec2midi::app
