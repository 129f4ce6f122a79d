#include "render/falling_notes.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include <opencv2/imgproc.hpp>

#include "io/atomic_file.hpp"
#include "io/program_log.hpp"
#include "io/child_process.hpp"
#include "io/error.hpp"

namespace vec2midi::render {
namespace {

cv::Scalar bgr(Rgb c) { return cv::Scalar(c.b, c.g, c.r); }

bool is_black_key(int pitch) {
  constexpr std::array<bool, 12> kBlack = {false, true, false, true, false, false,
                                           true,  false, true, false, true, false};
  return kBlack[static_cast<size_t>(pitch % 12)];
}

double seconds_per_step(const VideoOptions& o) { return 60.0 / o.qpm / music::kStepsPerQuarter; }

/// Where the keys lie: a whole number of octaves around the melody, at least two.
struct Keyboard {
  int lo = 48;  // a C
  int hi = 83;  // a B
  int x0 = 0, width = 0, top = 0, height = 0;

  int white_count() const {
    int n = 0;
    for (int p = lo; p <= hi; ++p) n += !is_black_key(p);
    return n;
  }
  double white_w() const { return static_cast<double>(width) / white_count(); }
  /// Left edge and width of the key of `pitch`.
  std::pair<double, double> key_span(int pitch) const {
    int whites_before = 0;
    for (int p = lo; p < pitch; ++p) whites_before += !is_black_key(p);
    const double w = white_w();
    if (!is_black_key(pitch)) return {x0 + whites_before * w, w};
    return {x0 + whites_before * w - 0.3 * w, 0.6 * w};
  }
};

Keyboard keyboard_for(const music::Melody& m, int x0, int width, int top, int height) {
  Keyboard k;
  if (!m.notes.empty()) {
    int lo = 127, hi = 0;
    for (const auto& n : m.notes) {
      lo = std::min(lo, n.pitch);
      hi = std::max(hi, n.pitch);
    }
    k.lo = lo / 12 * 12;
    k.hi = hi / 12 * 12 + 11;
    while (k.hi - k.lo + 1 < 24) {
      if (k.lo >= 12 + music::kMinPitch / 12 * 12) {
        k.lo -= 12;
      } else {
        k.hi += 12;
      }
    }
  }
  k.x0 = x0;
  k.width = width;
  k.top = top;
  k.height = height;
  return k;
}

/// Position 0..1 of `seconds` within the melody, for cross-fading key frames.
double melody_fraction(const FallingNotesScene& s, double seconds, const VideoOptions& o) {
  const double length = static_cast<double>(std::max<int64_t>(s.melody.n_steps, 1)) * seconds_per_step(o);
  return std::clamp((seconds - o.fall_seconds) / length, 0.0, 1.0);
}

Rgb colour_at(const std::vector<Rgb>& colours, double fraction) {
  if (colours.size() == 1) return colours[0];
  const double pos = fraction * static_cast<double>(colours.size() - 1);
  const size_t i = std::min(static_cast<size_t>(pos), colours.size() - 2);
  const double t = pos - static_cast<double>(i);
  auto mix = [&](uint8_t a, uint8_t b) { return static_cast<uint8_t>(std::lround(a + (b - a) * t)); };
  return Rgb{mix(colours[i].r, colours[i + 1].r), mix(colours[i].g, colours[i + 1].g), mix(colours[i].b, colours[i + 1].b)};
}

cv::Mat fit_picture(const cv::Mat& picture, cv::Size box) {
  const double scale = std::min(static_cast<double>(box.width) / picture.cols, static_cast<double>(box.height) / picture.rows);
  cv::Mat resized;
  cv::resize(picture, resized, cv::Size(std::max(1, int(picture.cols * scale)), std::max(1, int(picture.rows * scale))), 0,
             0, cv::INTER_AREA);
  cv::Mat canvas(box, CV_8UC3, cv::Scalar(24, 22, 20));
  resized.copyTo(canvas(cv::Rect((box.width - resized.cols) / 2, (box.height - resized.rows) / 2, resized.cols, resized.rows)));
  return canvas;
}

cv::Mat picture_at(const std::vector<cv::Mat>& pictures, double fraction, cv::Size box) {
  if (pictures.size() == 1) return fit_picture(pictures[0], box);
  const double pos = fraction * static_cast<double>(pictures.size() - 1);
  const size_t i = std::min(static_cast<size_t>(pos), pictures.size() - 2);
  const double t = pos - static_cast<double>(i);
  cv::Mat out;
  cv::addWeighted(fit_picture(pictures[i], box), 1.0 - t, fit_picture(pictures[i + 1], box), t, 0.0, out);
  return out;
}

}  // namespace

int64_t falling_notes_frame_count(const FallingNotesScene& scene, const VideoOptions& o) {
  const double seconds =
      o.fall_seconds + static_cast<double>(scene.melody.n_steps) * seconds_per_step(o) + o.tail_seconds;
  return static_cast<int64_t>(std::ceil(seconds * o.fps));
}

cv::Mat draw_falling_notes_frame(const FallingNotesScene& scene, double seconds, const VideoOptions& o) {
  if (scene.pictures.empty() || scene.colours.empty()) throw InputError("a video needs a picture and a colour");
  cv::Mat frame(o.height, o.width, CV_8UC3, cv::Scalar(33, 26, 24));
  const double fraction = melody_fraction(scene, seconds, o);
  const Rgb colour = readable_on_dark(colour_at(scene.colours, fraction));

  // Left: the picture.
  const int panel = o.width * 3 / 10;
  const int margin = o.height / 24;
  picture_at(scene.pictures, fraction, cv::Size(panel - 2 * margin, o.height - 2 * margin))
      .copyTo(frame(cv::Rect(margin, margin, panel - 2 * margin, o.height - 2 * margin)));

  // Right: falling notes onto a keyboard.
  const int key_h = o.height / 6;
  const Keyboard kb = keyboard_for(scene.melody, panel + margin, o.width - panel - 2 * margin, o.height - margin - key_h, key_h);
  const double hit_y = kb.top;
  const double px_per_second = (hit_y - margin) / o.fall_seconds;
  const double now = seconds - o.fall_seconds;  // melody time at the keys
  const double sps = seconds_per_step(o);

  // Beat lines fall with the notes.
  for (int64_t step = 0; step <= scene.melody.n_steps; step += music::kStepsPerQuarter) {
    const double y = hit_y - (static_cast<double>(step) * sps - now) * px_per_second;
    if (y < margin || y > hit_y) continue;
    const bool bar = step % music::kStepsPerBar == 0;
    cv::line(frame, cv::Point(kb.x0, int(y)), cv::Point(kb.x0 + kb.width, int(y)),
             bar ? cv::Scalar(80, 70, 66) : cv::Scalar(52, 44, 41), 1);
  }
  std::vector<int> lit;
  for (const auto& n : scene.melody.notes) {
    const double t0 = static_cast<double>(n.start_step) * sps, t1 = static_cast<double>(n.end_step) * sps;
    const double y_bottom = hit_y - (t0 - now) * px_per_second, y_top = hit_y - (t1 - now) * px_per_second;
    if (t0 <= now && now < t1) lit.push_back(n.pitch);
    if (y_bottom < margin || y_top > hit_y) continue;
    const auto [x, w] = kb.key_span(n.pitch);
    const cv::Rect r(cv::Point(int(x) + 2, std::max(margin, int(y_top)) + 1),
                     cv::Point(int(x + w) - 2, std::min(int(hit_y), int(y_bottom)) - 1));
    if (r.height <= 0 || r.width <= 0) continue;
    cv::rectangle(frame, r, bgr(colour), cv::FILLED, cv::LINE_AA);
    cv::rectangle(frame, r, cv::Scalar(255, 255, 255), 1, cv::LINE_AA);
  }
  // The keyboard: white keys, then black keys on top; sounding keys in the colour.
  const double ww = kb.white_w();
  int white_index = 0;
  for (int p = kb.lo; p <= kb.hi; ++p) {
    if (is_black_key(p)) continue;
    const bool on = std::find(lit.begin(), lit.end(), p) != lit.end();
    const cv::Rect r(int(kb.x0 + white_index * ww), kb.top, int(ww) - 1, kb.height);
    cv::rectangle(frame, r, on ? bgr(colour) : cv::Scalar(236, 236, 236), cv::FILLED);
    ++white_index;
  }
  for (int p = kb.lo; p <= kb.hi; ++p) {
    if (!is_black_key(p)) continue;
    const bool on = std::find(lit.begin(), lit.end(), p) != lit.end();
    const auto [x, w] = kb.key_span(p);
    cv::rectangle(frame, cv::Rect(int(x), kb.top, int(w), kb.height * 6 / 10), on ? bgr(colour) : cv::Scalar(20, 20, 20),
                  cv::FILLED);
  }
  cv::line(frame, cv::Point(kb.x0, kb.top - 1), cv::Point(kb.x0 + kb.width, kb.top - 1), bgr(colour), 3, cv::LINE_AA);
  return frame;
}

void write_falling_notes_video(const FallingNotesScene& scene, const std::filesystem::path& wav,
                               const std::filesystem::path& mp4, const VideoOptions& o) {
  if (o.width % 2 || o.height % 2 || o.width < 320 || o.height < 240) {
    throw InputError("video size must be even and at least 320x240");
  }
  if (!std::filesystem::exists(wav)) throw InputError(wav.string() + ": no such audio file");
  io::AtomicFile out(mp4);
  out.stream().close();  // ffmpeg writes the temporary path itself
  const io::ProgramLog log;
  const int delay_ms = static_cast<int>(std::lround(o.fall_seconds * 1000));
  const std::vector<std::string> argv = {
      o.ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s",
      std::to_string(o.width) + "x" + std::to_string(o.height), "-r", std::to_string(o.fps), "-i", "-", "-i", wav.string(),
      "-af", "adelay=" + std::to_string(delay_ms) + ":all=1", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
      "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "160k", "-shortest", "-movflags", "+faststart", "-f", "mp4",
      out.temp_path().string()};
  // A failing ffmpeg closes the pipe: write() then returns false (never SIGPIPE), reported as an error.
  io::ChildProcess ffmpeg = [&] {
    try {
      return io::ChildProcess(argv, {.pipe_stdin = true, .stdout_path = "/dev/null", .stderr_path = log.path()});
    } catch (const Error&) {
      throw Error("cannot start " + o.ffmpeg + " (install the ffmpeg package)");
    }
  }();
  const int64_t n_frames = falling_notes_frame_count(scene, o);
  bool write_ok = true;
  for (int64_t f = 0; f < n_frames && write_ok; ++f) {
    const cv::Mat frame = draw_falling_notes_frame(scene, static_cast<double>(f) / o.fps, o);
    write_ok = ffmpeg.write(frame.data, frame.total() * frame.elemSize());
  }
  const int status = ffmpeg.wait();
  if (!write_ok || status != 0) throw Error(mp4.string() + ": ffmpeg failed to encode the video: " + log.last_line());
  out.commit();
}

}  // namespace vec2midi::render
