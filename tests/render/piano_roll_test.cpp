#include "render/piano_roll.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
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

/// FNV-1a over the pixels, to compare with renders made before draw_piano_roll's helpers were shared.
uint64_t pixel_hash(const cv::Mat& img) {
  uint64_t h = 1469598103934665603ull;
  for (int y = 0; y < img.rows; ++y) {
    const uchar* row = img.ptr<uchar>(y);
    for (size_t i = 0; i < static_cast<size_t>(img.cols) * img.elemSize(); ++i) {
      h ^= row[i];
      h *= 1099511628211ull;
    }
  }
  return h;
}

TEST(PianoRoll, MelodyRollIsPixelIdenticalToTheRenderBeforeTracks) {
  // Hashes of draw_piano_roll's images before the tracks roll shared its helpers (OpenCV 4.6's drawing).
  const music::Melody m{.notes = {{.pitch = 60, .start_step = 0, .end_step = 4, .velocity = 70},
                                  {.pitch = 67, .start_step = 4, .end_step = 6, .velocity = 110},
                                  {.pitch = 72, .start_step = 9, .end_step = 32, .velocity = 1}},
                        .n_steps = 32};
  EXPECT_EQ(pixel_hash(draw_piano_roll(m, {})), 0x6fecce1d916fc12aull);
  EXPECT_EQ(pixel_hash(draw_piano_roll(m, {.width = 640, .height = 300, .note_colour = {220, 40, 40}})),
            0x652d54eb8203e1c4ull);
  EXPECT_EQ(pixel_hash(draw_piano_roll(music::Melody{.notes = {}, .n_steps = 32}, {})), 0x3af635af7714f725ull);
  const music::Melody wide{.notes = {{.pitch = 30, .start_step = 3, .end_step = 70},
                                     {.pitch = 100, .start_step = 70, .end_step = 71}},
                           .n_steps = 80};
  EXPECT_EQ(pixel_hash(draw_piano_roll(wide, {.note_colour = {0, 0, 0}, .min_pitch_span = 12})), 0x15133c235872c79eull);
}

// ---- the piano roll of several tracks ----

constexpr Rgb kMelodyColour{220, 40, 40}, kChordColour{40, 200, 80}, kDrumColour{230, 200, 40};

std::vector<music::Track> piece(bool with_drums) {
  std::vector<music::Track> tracks = {
      {.name = "melody", .program = 73, .channel = 0,
       .notes = {{.pitch = 72, .start_step = 0, .end_step = 8}, {.pitch = 76, .start_step = 8, .end_step = 16}}},
      {.name = "chords", .program = 4, .channel = 1,
       .notes = {{.pitch = 48, .start_step = 0, .end_step = 16}, {.pitch = 52, .start_step = 0, .end_step = 16},
                 {.pitch = 55, .start_step = 0, .end_step = 16}}}};
  if (with_drums) {
    tracks.push_back({.name = "drums", .channel = music::kDrumChannel,
                      .notes = {{.pitch = 36, .start_step = 0, .end_step = 2},
                                {.pitch = 42, .start_step = 4, .end_step = 6},
                                {.pitch = 36, .start_step = 8, .end_step = 10}}});
  }
  return tracks;
}

const TracksPianoRollOptions kColours{.track_colours = {kMelodyColour, kChordColour, kDrumColour}};

/// Topmost and bottommost image row holding the colour, below the legend band (-1, -1 if none).
std::pair<int, int> rows_of(const cv::Mat& img, Rgb c) {
  int top = -1, bottom = -1;
  for (int y = 30; y < img.rows; ++y)
    for (int x = 0; x < img.cols; ++x) {
      const auto p = img.at<cv::Vec3b>(y, x);
      if (p[0] == c.b && p[1] == c.g && p[2] == c.r) {
        if (top < 0) top = y;
        bottom = y;
      }
    }
  return {top, bottom};
}

TEST(TracksPianoRoll, HasTheRequestedSize) {
  const cv::Mat img = draw_tracks_piano_roll(piece(true), 16, {.width = 300, .height = 200});
  EXPECT_EQ(img.cols, 300);
  EXPECT_EQ(img.rows, 200);
  const cv::Mat standard = draw_tracks_piano_roll(piece(true), 16, {});
  EXPECT_EQ(standard.cols, 1024);
  EXPECT_EQ(standard.rows, 512);
  EXPECT_THROW(draw_tracks_piano_roll(piece(true), 16, {.width = 63}), InputError);
}

TEST(TracksPianoRoll, EachTrackIsDrawnInItsColour) {
  const cv::Mat img = draw_tracks_piano_roll(piece(true), 16, kColours);
  std::vector<music::Track> silent = piece(true);
  for (auto& t : silent) t.notes.clear();
  const cv::Mat legend_only = draw_tracks_piano_roll(silent, 16, kColours);
  for (const Rgb c : {kMelodyColour, kChordColour, kDrumColour}) {
    EXPECT_GT(count_colour(legend_only, c), 0);  // the legend's square
    EXPECT_GT(count_colour(img, c), count_colour(legend_only, c) + 100);
  }
}

TEST(TracksPianoRoll, MissingColoursComeFromADistinctPalette) {
  std::set<std::tuple<int, int, int>> palette;
  for (size_t i = 0; i < 8; ++i) {
    const Rgb c = default_track_colour(i);
    EXPECT_EQ(readable_on_dark(c), c);
    palette.insert({c.r, c.g, c.b});
  }
  EXPECT_EQ(palette.size(), 8u);
  const cv::Mat img = draw_tracks_piano_roll(piece(true), 16, {.track_colours = {kMelodyColour}});
  EXPECT_GT(count_colour(img, kMelodyColour), 100);
  EXPECT_GT(count_colour(img, default_track_colour(1)), 100);  // the chords
  EXPECT_GT(count_colour(img, default_track_colour(2)), 10);   // the drums
}

TEST(TracksPianoRoll, DrumStripOnlyWithADrumTrack) {
  const cv::Mat plain = draw_tracks_piano_roll(piece(false), 16, kColours);
  std::vector<music::Track> with_bass = piece(false);
  with_bass.push_back({.name = "bass", .program = 33, .channel = 2});
  std::vector<music::Track> with_empty_drums = piece(false);
  with_empty_drums.push_back({.name = "drums", .channel = music::kDrumChannel});
  const cv::Rect plot(0, 30, plain.cols, plain.rows - 30);  // below the legend
  EXPECT_EQ(cv::norm(plain(plot), draw_tracks_piano_roll(with_bass, 16, kColours)(plot), cv::NORM_INF), 0.0);
  EXPECT_GT(cv::norm(plain(plot), draw_tracks_piano_roll(with_empty_drums, 16, kColours)(plot), cv::NORM_INF), 0.0);
  // With drums their notes lie in the strip, below every pitched note.
  const cv::Mat drums = draw_tracks_piano_roll(piece(true), 16, kColours);
  const auto [drum_top, drum_bottom] = rows_of(drums, kDrumColour);
  const auto [chord_top, chord_bottom] = rows_of(drums, kChordColour);
  ASSERT_GE(drum_top, 0);
  ASSERT_GE(chord_bottom, 0);
  EXPECT_GT(drum_top, chord_bottom);
  EXPECT_LT(drum_bottom, drums.rows - 22);  // above the bar numbers
  EXPECT_GT(chord_top, rows_of(drums, kMelodyColour).second);  // chords below the melody
}

TEST(TracksPianoRoll, FirstTrackIsDrawnOnTop) {
  const music::Note c4{.pitch = 60, .start_step = 0, .end_step = 8};
  std::vector<music::Track> tracks = {{.name = "melody", .notes = {c4}},
                                      {.name = "double", .channel = 1, .notes = {c4}}};
  const cv::Mat both = draw_tracks_piano_roll(tracks, 16, kColours);
  tracks[1].notes.clear();
  const cv::Mat legend_only = draw_tracks_piano_roll(tracks, 16, kColours);
  EXPECT_GT(count_colour(both, kMelodyColour), 100);
  EXPECT_EQ(count_colour(both, kChordColour), count_colour(legend_only, kChordColour));  // hidden under the melody
}

TEST(TracksPianoRoll, NoTracksGiveTheEmptyGrid) {
  const cv::Mat none = draw_tracks_piano_roll({}, 32, {.width = 500, .height = 300});
  const cv::Mat grid = draw_piano_roll(music::Melody{.notes = {}, .n_steps = 32}, {.width = 500, .height = 300});
  EXPECT_EQ(cv::norm(none, grid, cv::NORM_INF), 0.0);
}

TEST(TracksPianoRoll, PngFileDecodes) {
  const auto dir = testing::temp_dir("tracks_piano_roll_png");
  write_tracks_piano_roll_png(piece(true), 16, dir / "roll.png", {});
  const cv::Mat back = cv::imread((dir / "roll.png").string());
  EXPECT_EQ(back.cols, 1024);
  EXPECT_EQ(back.rows, 512);
}

}  // namespace
}  // namespace vec2midi::render
