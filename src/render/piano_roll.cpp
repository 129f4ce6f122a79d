#include "render/piano_roll.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "imaging/png_codec.hpp"
#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "music/constants.hpp"

namespace vec2midi::render {
namespace {

// Margins of the plot, in pixels: octave labels on the left, bar numbers below.
constexpr int kLeft = 44, kBottom = 22, kTop = 8, kRight = 8;
constexpr int kMinSide = 64;           // smallest image side accepted, pixels
constexpr int kMaxMidiPitch = 127;
constexpr int kLegendHeight = 16;      // band above the plot of a tracks roll, pixels
constexpr int kLegendSwatch = 10;      // side of a legend's colour square, pixels
constexpr int kDrumRowPixels = 8;      // height of one drum row, before the strip is capped
constexpr int kDrumStripShare = 3;     // the drum strip takes at most 1/3 of the plot's height
constexpr int kDrumGap = 4;            // pixels between the pitched rows and the drum strip
constexpr int kEdgeLift = 60;          // how much lighter a note's outline is than its fill
constexpr Rgb kWhiteKeyRow{32, 35, 44}, kBlackKeyRow{18, 19, 25};
constexpr Rgb kDrumRows[2] = {{36, 33, 40}, {27, 25, 31}};  // alternating, warmer than the key rows
constexpr Rgb kBarLine{95, 100, 120}, kBeatLine{50, 54, 66}, kLabel{170, 175, 190};
/// Default track colours: distinct, muted, readable on the dark page (the first is the melody's default).
constexpr std::array<Rgb, 8> kPalette = {{{90, 160, 255}, {230, 150, 80}, {110, 190, 120}, {190, 120, 200},
                                          {210, 190, 90}, {90, 190, 200}, {220, 100, 110}, {150, 150, 165}}};

cv::Scalar bgr(Rgb c) { return cv::Scalar(c.b, c.g, c.r); }

bool is_black_key(int pitch) {
  constexpr std::array<bool, 12> kBlack = {false, true, false, true, false, false,
                                           true,  false, true, false, true, false};
  return kBlack[static_cast<size_t>(pitch % 12)];
}

std::string pitch_name(int pitch) {
  constexpr std::array<const char*, 12> kNames = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
  return std::string(kNames[static_cast<size_t>(pitch % 12)]) + std::to_string(pitch / 12 - 1);
}

void check_size(int width, int height) {
  if (width < kMinSide || height < kMinSide) throw InputError("piano roll must be at least 64x64 pixels");
}

/// The plot's time axis: x of a step, at least one bar shown.
struct TimeAxis {
  int left = kLeft;
  int64_t n_steps = music::kStepsPerBar;
  double step_w = 1.0;
  int x(int64_t step) const { return left + static_cast<int>(std::lround(static_cast<double>(step) * step_w)); }
};

TimeAxis time_axis(int64_t n_steps, int plot_w) {
  TimeAxis axis;
  axis.n_steps = std::max<int64_t>(n_steps, music::kStepsPerBar);
  axis.step_w = static_cast<double>(plot_w) / static_cast<double>(axis.n_steps);
  return axis;
}

/// Rows of pitches lo..hi from `top` down, highest first.
struct PitchAxis {
  int lo = 60, hi = 72, top = kTop;
  double row_h = 1.0;
  int y(int pitch) const { return top + static_cast<int>(std::lround((hi - pitch) * row_h)); }
};

/// The pitches' range widened to min_span, centred, inside the MIDI range (C4..C5 when there are none).
PitchAxis pitch_axis(const std::vector<int>& pitches, int min_span, int top, int height) {
  PitchAxis axis;
  if (!pitches.empty()) {
    const auto [lo, hi] = std::minmax_element(pitches.begin(), pitches.end());
    axis.lo = *lo;
    axis.hi = *hi;
  }
  const int span = std::max(min_span, axis.hi - axis.lo + 4);
  axis.lo = std::clamp((axis.lo + axis.hi) / 2 - span / 2, 0, std::max(0, kMaxMidiPitch - span));
  axis.hi = axis.lo + span;
  axis.top = top;
  axis.row_h = static_cast<double>(height) / (span + 1);
  return axis;
}

/// Key rows (black keys darker) across the plot, C rows labelled in the left margin.
void draw_key_rows(cv::Mat& img, const PitchAxis& axis, int plot_w) {
  const int row_h = static_cast<int>(axis.row_h);
  for (int p = axis.lo; p <= axis.hi; ++p) {
    const cv::Scalar row = is_black_key(p) ? bgr(kBlackKeyRow) : bgr(kWhiteKeyRow);
    cv::rectangle(img, cv::Point(kLeft, axis.y(p)), cv::Point(kLeft + plot_w, axis.y(p) + std::max(1, row_h) - 1), row,
                  cv::FILLED);
    if (p % 12 == 0) {
      cv::putText(img, pitch_name(p), cv::Point(4, axis.y(p) + row_h), cv::FONT_HERSHEY_SIMPLEX, 0.38, bgr(kLabel), 1,
                  cv::LINE_AA);
    }
  }
}

/// A line at every beat from `top` to `bottom` (brighter at bars), bar numbers along the image's bottom.
void draw_beats_and_bars(cv::Mat& img, const TimeAxis& axis, int top, int bottom) {
  for (int64_t s = 0; s <= axis.n_steps; s += music::kStepsPerQuarter) {
    const bool bar = s % music::kStepsPerBar == 0;
    cv::line(img, cv::Point(axis.x(s), top), cv::Point(axis.x(s), bottom), bar ? bgr(kBarLine) : bgr(kBeatLine), 1);
    if (bar && s < axis.n_steps) {
      cv::putText(img, std::to_string(s / music::kStepsPerBar + 1), cv::Point(axis.x(s) + 3, img.rows - 6),
                  cv::FONT_HERSHEY_SIMPLEX, 0.4, bgr(kLabel), 1, cv::LINE_AA);
    }
  }
}

/// A note's box on its row (top y, row height): filled in `colour` (made readable) with a lighter outline.
void draw_note(cv::Mat& img, const TimeAxis& time, const music::Note& note, int y, double row_h, Rgb colour) {
  const Rgb fill = readable_on_dark(colour);
  const Rgb edge{static_cast<uint8_t>(std::min(255, fill.r + kEdgeLift)),
                 static_cast<uint8_t>(std::min(255, fill.g + kEdgeLift)),
                 static_cast<uint8_t>(std::min(255, fill.b + kEdgeLift))};
  const cv::Point a(time.x(note.start_step) + 1, y + 1);
  const cv::Point b(std::max(a.x + 2, time.x(note.end_step) - 1), y + std::max(3, static_cast<int>(row_h)) - 1);
  cv::rectangle(img, a, b, bgr(fill), cv::FILLED, cv::LINE_AA);
  cv::rectangle(img, a, b, bgr(edge), 1, cv::LINE_AA);
}

/// The drum strip: one row per drum pitch used (lowest at the bottom), from `top`, `height` pixels.
struct DrumStrip {
  std::vector<int> pitches;  // ascending
  int top = 0;
  double row_h = 0.0;
  int y(int pitch) const {
    const auto index = std::lower_bound(pitches.begin(), pitches.end(), pitch) - pitches.begin();
    const auto from_top = static_cast<double>(static_cast<int64_t>(pitches.size()) - 1 - index);
    return top + static_cast<int>(std::lround(from_top * row_h));
  }
};

void draw_drum_rows(cv::Mat& img, const DrumStrip& strip, int plot_w) {
  for (size_t i = 0; i < strip.pitches.size(); ++i) {
    const int y = strip.y(strip.pitches[i]);
    const int bottom = y + std::max(1, static_cast<int>(strip.row_h)) - 1;
    cv::rectangle(img, cv::Point(kLeft, y), cv::Point(kLeft + plot_w, bottom), bgr(kDrumRows[i % 2]), cv::FILLED);
  }
  const int middle = strip.top + static_cast<int>(strip.row_h * static_cast<double>(strip.pitches.size()) / 2);
  cv::putText(img, "drums", cv::Point(4, middle + 4), cv::FONT_HERSHEY_SIMPLEX, 0.33, bgr(kLabel), 1, cv::LINE_AA);
}

/// Each track's colour square and name, left to right in the band above the plot.
void draw_legend(cv::Mat& img, const std::vector<music::Track>& tracks, const std::vector<Rgb>& colours) {
  int x = kLeft;
  for (size_t i = 0; i < tracks.size(); ++i) {
    const Rgb colour = readable_on_dark(colours[i]);
    const std::string name = tracks[i].name.empty() ? "track " + std::to_string(i + 1) : tracks[i].name;
    cv::rectangle(img, cv::Point(x, kTop + 2), cv::Point(x + kLegendSwatch - 1, kTop + 1 + kLegendSwatch), bgr(colour),
                  cv::FILLED);
    cv::putText(img, name, cv::Point(x + kLegendSwatch + 4, kTop + 1 + kLegendSwatch), cv::FONT_HERSHEY_SIMPLEX, 0.4,
                bgr(colour), 1, cv::LINE_AA);
    int baseline = 0;
    x += kLegendSwatch + 4 + cv::getTextSize(name, cv::FONT_HERSHEY_SIMPLEX, 0.4, 1, &baseline).width + 14;
  }
}

}  // namespace

cv::Mat draw_piano_roll(const music::Melody& melody, const PianoRollOptions& options) {
  check_size(options.width, options.height);
  cv::Mat img(options.height, options.width, CV_8UC3, bgr(options.background));
  const int plot_w = options.width - kLeft - kRight, plot_h = options.height - kTop - kBottom;
  std::vector<int> pitches;
  for (const music::Note& n : melody.notes) pitches.push_back(n.pitch);
  const PitchAxis pitch = pitch_axis(pitches, options.min_pitch_span, kTop, plot_h);
  const TimeAxis time = time_axis(melody.n_steps, plot_w);
  draw_key_rows(img, pitch, plot_w);
  draw_beats_and_bars(img, time, kTop, kTop + plot_h);
  for (const music::Note& n : melody.notes) draw_note(img, time, n, pitch.y(n.pitch), pitch.row_h, options.note_colour);
  return img;
}

cv::Mat draw_tracks_piano_roll(const std::vector<music::Track>& tracks, int64_t n_steps,
                               const TracksPianoRollOptions& options) {
  check_size(options.width, options.height);
  cv::Mat img(options.height, options.width, CV_8UC3, bgr(options.background));
  const int top = kTop + (tracks.empty() ? 0 : kLegendHeight);
  const int plot_w = options.width - kLeft - kRight, plot_h = options.height - top - kBottom;
  std::vector<int> pitches;
  std::set<int> drum_pitches;
  bool has_drums = false;
  for (const music::Track& t : tracks) {
    has_drums = has_drums || t.is_drum();
    for (const music::Note& n : t.notes) {
      if (t.is_drum()) {
        drum_pitches.insert(n.pitch);
      } else {
        pitches.push_back(n.pitch);
      }
    }
  }
  DrumStrip strip{.pitches = {drum_pitches.begin(), drum_pitches.end()}};
  if (has_drums && strip.pitches.empty()) strip.pitches.push_back(music::kMinPitch);  // one empty row
  const auto n_rows = static_cast<int>(strip.pitches.size());
  const int strip_h = has_drums ? std::min(n_rows * kDrumRowPixels, plot_h / kDrumStripShare) : 0;
  const int pitch_h = plot_h - (has_drums ? strip_h + kDrumGap : 0);
  strip.top = top + plot_h - strip_h;
  strip.row_h = n_rows > 0 ? static_cast<double>(strip_h) / n_rows : 0.0;

  const PitchAxis pitch = pitch_axis(pitches, options.min_pitch_span, top, pitch_h);
  const TimeAxis time = time_axis(n_steps, plot_w);
  draw_key_rows(img, pitch, plot_w);
  if (has_drums) draw_drum_rows(img, strip, plot_w);
  draw_beats_and_bars(img, time, top, top + plot_h);

  std::vector<Rgb> colours;
  for (size_t i = 0; i < tracks.size(); ++i) {
    colours.push_back(i < options.track_colours.size() ? options.track_colours[i] : default_track_colour(i));
  }
  for (size_t i = tracks.size(); i-- > 0;) {  // the first track (the melody) last, on top
    for (const music::Note& n : tracks[i].notes) {
      if (tracks[i].is_drum()) {
        draw_note(img, time, n, strip.y(n.pitch), strip.row_h, colours[i]);
      } else {
        draw_note(img, time, n, pitch.y(n.pitch), pitch.row_h, colours[i]);
      }
    }
  }
  draw_legend(img, tracks, colours);
  return img;
}

Rgb default_track_colour(size_t index) { return kPalette[index % kPalette.size()]; }

std::string encode_png(const cv::Mat& image) { return imaging::encode_png(image); }

void write_piano_roll_png(const music::Melody& melody, const std::filesystem::path& path,
                          const PianoRollOptions& options) {
  io::write_file_atomic(path, encode_png(draw_piano_roll(melody, options)));
}

void write_tracks_piano_roll_png(const std::vector<music::Track>& tracks, int64_t n_steps,
                                 const std::filesystem::path& path, const TracksPianoRollOptions& options) {
  io::write_file_atomic(path, encode_png(draw_tracks_piano_roll(tracks, n_steps, options)));
}

}  // namespace vec2midi::render
