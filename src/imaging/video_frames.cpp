#include "imaging/video_frames.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/child_process.hpp"
#include "io/error.hpp"
#include "io/program_log.hpp"

namespace vec2midi::imaging {
namespace {

// ffprobe's JSON for one file is a few kilobytes; anything much larger is not what we asked for.
constexpr size_t kMaxProbeBytes = size_t(4) << 20;

double number_field(const nlohmann::json& object, const char* key) {
  if (!object.contains(key)) return 0.0;
  const nlohmann::json& v = object[key];
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return 0.0;
  try {
    const double x = std::stod(v.get<std::string>());
    return std::isfinite(x) && x > 0 ? x : 0.0;
  } catch (const std::exception&) {
    return 0.0;
  }
}

// "30000/1001" → 29.97; "0/0" → 0.
double rate_field(const nlohmann::json& stream, const char* key) {
  if (!stream.contains(key) || !stream[key].is_string()) return 0.0;
  const std::string text = stream[key].get<std::string>();
  const auto slash = text.find('/');
  try {
    const double num = std::stod(text.substr(0, slash));
    const double den = slash == std::string::npos ? 1.0 : std::stod(text.substr(slash + 1));
    return den > 0 && num > 0 ? num / den : 0.0;
  } catch (const std::exception&) {
    return 0.0;
  }
}

std::string seconds_text(double s) {
  std::ostringstream text;
  text.precision(s < 10 ? 2 : 0);
  text << std::fixed << s;
  return text.str();
}

}  // namespace

VideoInfo parse_ffprobe_json(const std::string& json, const std::filesystem::path& path) {
  const nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) throw InputError(path.string() + ": not a video (ffprobe gave no answer)");
  const nlohmann::json streams = doc.value("streams", nlohmann::json::array());
  for (const nlohmann::json& s : streams) {
    if (!s.is_object() || s.value("codec_type", "") != "video") continue;
    VideoInfo info;
    info.width = s.value("width", 0);
    info.height = s.value("height", 0);
    if (info.width <= 0 || info.height <= 0) {
      throw InputError(path.string() + ": its video stream has no frame size ffmpeg can read");
    }
    info.codec = s.value("codec_name", "");
    info.frame_rate = rate_field(s, "avg_frame_rate");
    if (info.frame_rate == 0.0) info.frame_rate = rate_field(s, "r_frame_rate");
    info.duration_seconds = number_field(s, "duration");
    const nlohmann::json format = doc.value("format", nlohmann::json::object());
    if (info.duration_seconds == 0.0 && format.is_object()) info.duration_seconds = number_field(format, "duration");
    if (format.is_object()) info.container = format.value("format_name", "");
    return info;
  }
  throw InputError(path.string() + ": not a video (no video stream in it)");
}

VideoInfo probe_video(const std::filesystem::path& path, const std::string& ffprobe) {
  if (!std::filesystem::is_regular_file(path)) throw InputError(path.string() + ": no such video file");
  const io::ProgramLog log;
  std::string json;
  int status = 0;
  {
    io::ChildProcess probe = [&] {
      try {
        return io::ChildProcess({ffprobe, "-hide_banner", "-v", "error", "-print_format", "json", "-show_format",
                                 "-show_streams", "--", path.string()},
                                {.pipe_stdout = true, .stderr_path = log.path()});
      } catch (const Error&) {
        throw Error("cannot start " + ffprobe + " (install the ffmpeg package)");
      }
    }();
    std::vector<char> buffer(64 << 10);
    while (json.size() <= kMaxProbeBytes) {
      const size_t n = probe.read(buffer.data(), buffer.size());
      json.append(buffer.data(), n);
      if (n < buffer.size()) break;
    }
    status = probe.wait();
  }
  if (status != 0) {
    std::string said = log.last_line();
    if (const std::string prefix = path.string() + ": "; said.starts_with(prefix)) said = said.substr(prefix.size());
    throw InputError(path.string() + ": not a video ffmpeg can read" + (said.empty() ? "" : " (" + said + ")"));
  }
  return parse_ffprobe_json(json, path);
}

void check_video_limits(const VideoInfo& info, const VideoLimits& limits, const std::filesystem::path& path) {
  if (int64_t(info.width) * info.height > limits.max_pixels) {
    throw InputError(path.string() + ": frames of " + std::to_string(info.width) + "x" + std::to_string(info.height) +
                     " pixels are larger than the " + std::to_string(limits.max_pixels) + " pixels taken");
  }
  if (info.duration_seconds > limits.max_seconds) {
    throw InputError(path.string() + ": " + seconds_text(info.duration_seconds) + " s long; at most " +
                     seconds_text(limits.max_seconds) + " s are taken");
  }
}

cv::Size analysed_frame_size(int width, int height, int longer_side) {
  const int longer = std::max(width, height);
  const double scale = longer > longer_side ? double(longer_side) / longer : 1.0;
  auto even = [](double x) { return std::max(2, 2 * int(std::lround(x / 2))); };
  return {even(width * scale), even(height * scale)};
}

int64_t sample_video_frames(const std::filesystem::path& path, const VideoInfo& info, const FrameSampling& sampling,
                            const VideoLimits& limits, const std::function<void(const VideoFrame&)>& on_frame) {
  if (!(sampling.frames_per_second > 0 && sampling.frames_per_second <= 30)) {
    throw InputError("frames analysed per second must be in (0, 30], got " + std::to_string(sampling.frames_per_second));
  }
  if (sampling.longer_side < 16 || sampling.longer_side > 4096) {
    throw InputError("analysed frame size must be 16..4096 pixels, got " + std::to_string(sampling.longer_side));
  }
  const cv::Size size = analysed_frame_size(info.width, info.height, sampling.longer_side);
  const int64_t max_frames = int64_t(std::ceil(limits.max_seconds * sampling.frames_per_second)) + 1;
  const io::ProgramLog log;
  std::ostringstream filter;
  filter << "fps=" << sampling.frames_per_second << ",scale=" << size.width << ":" << size.height << ":flags=area";
  // -noautorotate: frames come as coded, so their size is the one computed from ffprobe's; colour does not care.
  io::ChildProcess decoder = [&] {
    try {
      return io::ChildProcess({sampling.ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-noautorotate", "-i",
                               path.string(), "-an", "-sn", "-dn", "-vf", filter.str(), "-f", "rawvideo", "-pix_fmt",
                               "bgr24", "-"},
                              {.pipe_stdout = true, .stderr_path = log.path()});
    } catch (const Error&) {
      throw Error("cannot start " + sampling.ffmpeg + " (install the ffmpeg package)");
    }
  }();
  cv::Mat frame(size, CV_8UC3);
  const size_t frame_bytes = frame.total() * frame.elemSize();
  int64_t n = 0;
  while (decoder.read(frame.data, frame_bytes) == frame_bytes) {
    if (n == max_frames) {
      throw InputError(path.string() + ": decodes to more than " + seconds_text(limits.max_seconds) +
                       " s of frames (its header says " + seconds_text(info.duration_seconds) + " s)");
    }
    on_frame({.index = n, .seconds = double(n) / sampling.frames_per_second, .bgr = frame});
    ++n;
  }
  decoder.wait();  // its status says little: it exits 0 on a cut file and 1 on a stream error after all frames
  const std::string said = log.last_line();
  if (n == 0) {
    throw InputError(path.string() + ": no frame could be decoded" + (said.empty() ? "" : " (" + said + ")"));
  }
  // A file cut short decodes what it has and may still exit 0: compare with the length its header promised.
  const double expected = info.duration_seconds * sampling.frames_per_second;
  if (info.duration_seconds > 0 && double(n) + 0.5 * sampling.frames_per_second + 1 < expected) {
    throw InputError(path.string() + ": ends after " + seconds_text(double(n) / sampling.frames_per_second) + " s of the " +
                     seconds_text(info.duration_seconds) + " s its header promises (truncated or damaged?)" +
                     (said.empty() ? "" : ": " + said));
  }
  return n;
}

}  // namespace vec2midi::imaging
