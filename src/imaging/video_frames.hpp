// Frames out of a video file (MP4, WebM, MOV, MKV...) through Debian's ffprobe and ffmpeg, which read every
// container and codec we would otherwise have to link OpenCV's videoio (and its 140 libraries) for: ffprobe reads
// the header, ffmpeg decodes and hands a few frames a second, scaled down, as raw BGR through a pipe. The limits
// are checked on the header before any frame is decoded, and again on what the decoder delivers (a header can lie).
// Usage: const VideoInfo info = probe_video("clip.mp4");  check_video_limits(info, {}, "clip.mp4");
//        sample_video_frames("clip.mp4", info, {}, {}, [](const VideoFrame& f) { ... });
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include <opencv2/core/mat.hpp>

namespace vec2midi::imaging {

/// What ffprobe says of a video's first video stream.
struct VideoInfo {
  int width = 0;                  ///< pixels, as coded (before any rotation the container asks for)
  int height = 0;                 ///< pixels
  double duration_seconds = 0.0;  ///< 0 when neither the stream nor the container says
  double frame_rate = 0.0;        ///< frames per second (0 when unknown)
  std::string codec;              ///< e.g. "h264", "vp9"
  std::string container;          ///< e.g. "mov,mp4,m4a,3gp,3g2,mj2"
};

/// What a video may be before it is decoded (the server's limits are tighter than the command line's).
struct VideoLimits {
  double max_seconds = 600.0;                  ///< longest video taken
  int64_t max_pixels = int64_t(3840) * 2160;   ///< largest frame (width x height) taken: 4K UHD
};

/// How frames are taken for analysis.
struct FrameSampling {
  double frames_per_second = 2.0;  ///< frames decoded for analysis each second of video
  int longer_side = 256;           ///< analysed frames are scaled down to this many pixels on their longer side
  std::string ffmpeg = "ffmpeg";   ///< the ffmpeg program (Debian package ffmpeg)
};

/// One analysed frame.
struct VideoFrame {
  int64_t index = 0;     ///< 0, 1, 2... in time order
  double seconds = 0.0;  ///< its time in the video: index / frames_per_second
  cv::Mat bgr;           ///< 8-bit BGR, valid during the call only
};

/// Reads the header of `path` with ffprobe. Throws InputError "<path>: not a video ..." when ffprobe cannot read
/// it or finds no video stream, Error when ffprobe cannot be started.
VideoInfo probe_video(const std::filesystem::path& path, const std::string& ffprobe = "ffprobe");

/// Parses ffprobe's JSON (-show_format -show_streams) into a VideoInfo; throws InputError naming `path` when it
/// has no video stream or no usable frame size.
VideoInfo parse_ffprobe_json(const std::string& json, const std::filesystem::path& path);

/// Throws InputError naming `path` and the limit when the video is longer or its frames larger than `limits`.
void check_video_limits(const VideoInfo& info, const VideoLimits& limits, const std::filesystem::path& path);

/// The size analysed frames are scaled to: the longer side `longer_side` (never enlarged), the aspect kept, both
/// sides even and at least 2.
cv::Size analysed_frame_size(int width, int height, int longer_side);

/// Decodes `path` and calls `on_frame` for sampling.frames_per_second frames a second, in time order. Throws
/// InputError when more frames come than limits.max_seconds allows (a header that lied) or when the video ends
/// early with a decoding error (a truncated file: at most half a second short is taken as its end), Error when
/// ffmpeg cannot be started. Returns the number of frames delivered (at least 1, or InputError).
int64_t sample_video_frames(const std::filesystem::path& path, const VideoInfo& info, const FrameSampling& sampling,
                            const VideoLimits& limits, const std::function<void(const VideoFrame&)>& on_frame);

}  // namespace vec2midi::imaging
