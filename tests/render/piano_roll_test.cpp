#include "render/piano_roll.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "io/atomic_file.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::render {
namespace {

int count_colour(const cv::Mat& img, Rgb c) {
  int n = 0;
  for (int y = 0; y < img.rows; ++y)
    for (int x = 0; x < img.cols; ++x) {
      const auto p = img.at<cv::Vec3b>(y, x);
      n += p[0] == c.b && p[1] == c.g && p[2] == c.r;
    }
  return n;
}

TEST(PianoRoll, HasTheRequestedSize) {
  const cv::Mat img = draw_piano_roll(music::Melody{.notes = {}, .n_steps = 32}, {.width = 300, .height = 200});
  EXPECT_EQ(img.cols, 300);
  EXPECT_EQ(img.rows, 200);
}

TEST(PianoRoll, NotesAreDrawnInTheirColour) {
  const Rgb red{220, 40, 40};
  const music::Melody m{.notes = {{.pitch = 60, .start_step = 0, .end_step = 8}}, .n_steps = 32};
  const cv::Mat img = draw_piano_roll(m, {.note_colour = red});
  EXPECT_GT(count_colour(img, red), 100);
  EXPECT_EQ(count_colour(draw_piano_roll(music::Melody{.notes = {}, .n_steps = 32}, {.note_colour = red}), red), 0);
}

TEST(PianoRoll, LongerNotesCoverMorePixels) {
  const Rgb c{40, 200, 80};
  const music::Melody short_note{.notes = {{.pitch = 60, .start_step = 0, .end_step = 2}}, .n_steps = 32};
  const music::Melody long_note{.notes = {{.pitch = 60, .start_step = 0, .end_step = 16}}, .n_steps = 32};
  EXPECT_GT(count_colour(draw_piano_roll(long_note, {.note_colour = c}), c),
            4 * count_colour(draw_piano_roll(short_note, {.note_colour = c}), c));
}

TEST(PianoRoll, PngFileDecodes) {
  const auto dir = testing::temp_dir("piano_roll_png");
  write_piano_roll_png(music::Melody{.notes = {{.pitch = 64, .start_step = 4, .end_step = 6}}, .n_steps = 16},
                       dir / "roll.png", {});
  const cv::Mat back = cv::imread((dir / "roll.png").string());
  EXPECT_EQ(back.cols, 1024);
  EXPECT_EQ(back.rows, 384);
}

}  // namespace
}  // namespace vec2midi::render
