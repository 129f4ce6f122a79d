#include "render/piano_roll.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "music/constants.hpp"

namespace vec2midi::render {
namespace {

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

}  // namespace

cv::Mat draw_piano_roll(const music::Melody& melody, const PianoRollOptions& options) {
  if (options.width < 64 || options.height < 64) throw InputError("piano roll must be at least 64x64 pixels");
  cv::Mat img(options.height, options.width, CV_8UC3, bgr(options.background));

  // Pitch range: the notes' range widened to min_pitch_span, centred, inside the MIDI range.
  int lo = 60, hi = 72;
  if (!melody.notes.empty()) {
    lo = hi = melody.notes.front().pitch;
    for (const auto& n : melody.notes) {
      lo = std::min(lo, n.pitch);
      hi = std::max(hi, n.pitch);
    }
  }
  const int span = std::max(options.min_pitch_span, hi - lo + 4);
  lo = std::clamp((lo + hi) / 2 - span / 2, 0, 127 - span);
  hi = lo + span;

  constexpr int kLeft = 44, kBottom = 22, kTop = 8, kRight = 8;
  const int plot_w = options.width - kLeft - kRight, plot_h = options.height - kTop - kBottom;
  const int64_t n_steps = std::max<int64_t>(melody.n_steps, music::kStepsPerBar);
  const double step_w = static_cast<double>(plot_w) / static_cast<double>(n_steps);
  const double row_h = static_cast<double>(plot_h) / (span + 1);
  auto x_of = [&](int64_t step) { return kLeft + static_cast<int>(std::lround(static_cast<double>(step) * step_w)); };
  auto y_of = [&](int pitch) { return kTop + static_cast<int>(std::lround((hi - pitch) * row_h)); };

  // Key rows: black keys darker; C rows labelled.
  for (int p = lo; p <= hi; ++p) {
    const cv::Scalar row = is_black_key(p) ? bgr({18, 19, 25}) : bgr({32, 35, 44});
    cv::rectangle(img, cv::Point(kLeft, y_of(p)), cv::Point(kLeft + plot_w, y_of(p) + std::max(1, int(row_h)) - 1),
                  row, cv::FILLED);
    if (p % 12 == 0) {
      cv::putText(img, pitch_name(p), cv::Point(4, y_of(p) + int(row_h)), cv::FONT_HERSHEY_SIMPLEX, 0.38,
                  bgr({170, 175, 190}), 1, cv::LINE_AA);
    }
  }
  // Beats and bars.
  for (int64_t s = 0; s <= n_steps; s += music::kStepsPerQuarter) {
    const bool bar = s % music::kStepsPerBar == 0;
    cv::line(img, cv::Point(x_of(s), kTop), cv::Point(x_of(s), kTop + plot_h), bar ? bgr({95, 100, 120}) : bgr({50, 54, 66}),
             1);
    if (bar && s < n_steps) {
      cv::putText(img, std::to_string(s / music::kStepsPerBar + 1), cv::Point(x_of(s) + 3, options.height - 6),
                  cv::FONT_HERSHEY_SIMPLEX, 0.4, bgr({170, 175, 190}), 1, cv::LINE_AA);
    }
  }
  // Notes: filled in the picture's colour with a lighter outline.
  const Rgb fill = readable_on_dark(options.note_colour);
  const Rgb edge{static_cast<uint8_t>(std::min(255, fill.r + 60)), static_cast<uint8_t>(std::min(255, fill.g + 60)),
                 static_cast<uint8_t>(std::min(255, fill.b + 60))};
  for (const auto& n : melody.notes) {
    const cv::Point a(x_of(n.start_step) + 1, y_of(n.pitch) + 1);
    const cv::Point b(std::max(a.x + 2, x_of(n.end_step) - 1), y_of(n.pitch) + std::max(3, int(row_h)) - 1);
    cv::rectangle(img, a, b, bgr(fill), cv::FILLED, cv::LINE_AA);
    cv::rectangle(img, a, b, bgr(edge), 1, cv::LINE_AA);
  }
  return img;
}

std::string encode_png(const cv::Mat& image) {
  std::vector<uchar> buf;
  if (!cv::imencode(".png", image, buf)) throw Error("PNG encoding failed");
  return std::string(buf.begin(), buf.end());
}

void write_piano_roll_png(const music::Melody& melody, const std::filesystem::path& path,
                          const PianoRollOptions& options) {
  io::write_file_atomic(path, encode_png(draw_piano_roll(melody, options)));
}

}  // namespace vec2midi::render
