// Frames out of real video files that ffmpeg encodes at test time: the header, frames at their times and in their
// colours, and every kind of hostile file refused with a clear InputError before (or while) decoding.
#include "imaging/video_frames.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <vector>

#include <opencv2/core.hpp>

#include "support/input_error.hpp"
#include "support/shared_data.hpp"
#include "support/test_videos.hpp"

namespace vec2midi::imaging {
namespace {

using testing::input_error_of;

struct Taken {
  std::vector<double> seconds;
  std::vector<cv::Vec3d> mean_bgr;
  cv::Size size;
};

Taken take_frames(const std::filesystem::path& video, const FrameSampling& sampling = {}, const VideoLimits& limits = {}) {
  Taken t;
  const VideoInfo info = probe_video(video);
  const int64_t n = sample_video_frames(video, info, sampling, limits, [&](const VideoFrame& f) {
    EXPECT_EQ(f.index, int64_t(t.seconds.size()));
    t.seconds.push_back(f.seconds);
    const cv::Scalar m = cv::mean(f.bgr);
    t.mean_bgr.push_back({m[0], m[1], m[2]});
    t.size = f.bgr.size();
  });
  EXPECT_EQ(n, int64_t(t.seconds.size()));
  return t;
}

TEST(VideoFrames, TheHeaderSaysSizeLengthRateAndCodec) {
  const auto dir = testing::temp_dir("video_frames_header");
  const auto video = testing::make_colour_video(dir / "rb.mp4", {"red", "blue"}, 1.5, 320, 240, 25);
  const VideoInfo info = probe_video(video);
  EXPECT_EQ(info.width, 320);
  EXPECT_EQ(info.height, 240);
  EXPECT_NEAR(info.duration_seconds, 3.0, 0.05);
  EXPECT_NEAR(info.frame_rate, 25.0, 1e-9);
  EXPECT_EQ(info.codec, "h264");
  EXPECT_NE(info.container.find("mp4"), std::string::npos);
}

TEST(VideoFrames, FramesComeAtTheirTimesInTheirColoursScaledDown) {
  const auto dir = testing::temp_dir("video_frames_colours");
  const auto video = testing::make_colour_video(dir / "rgb.webm", {"red", "lime", "blue"}, 2.0, 640, 360, 30, false,
                                                "-c:v libvpx-vp9 -deadline realtime -cpu-used 8");
  const Taken t = take_frames(video, {.frames_per_second = 2.0, .longer_side = 128});
  ASSERT_EQ(t.seconds.size(), 12u);  // 6 s, two a second
  for (size_t i = 0; i < t.seconds.size(); ++i) EXPECT_DOUBLE_EQ(t.seconds[i], 0.5 * double(i));
  EXPECT_EQ(t.size, cv::Size(128, 72));
  for (size_t i = 0; i < 12; ++i) {
    const int channel = i < 4 ? 2 : i < 8 ? 1 : 0;  // BGR: red, then green, then blue
    EXPECT_GT(t.mean_bgr[i][channel], 200) << "frame " << i;
    for (int c = 0; c < 3; ++c) {
      if (c != channel) EXPECT_LT(t.mean_bgr[i][c], 40) << "frame " << i;
    }
  }
}

TEST(VideoFrames, AnalysedFramesKeepTheAspectWithEvenSidesAndAreNeverEnlarged) {
  EXPECT_EQ(analysed_frame_size(1280, 720, 256), cv::Size(256, 144));
  EXPECT_EQ(analysed_frame_size(720, 1280, 256), cv::Size(144, 256));
  EXPECT_EQ(analysed_frame_size(100, 50, 256), cv::Size(100, 50));
  EXPECT_EQ(analysed_frame_size(101, 51, 256), cv::Size(102, 52));
  EXPECT_EQ(analysed_frame_size(10000, 3, 256), cv::Size(256, 2));
}

TEST(VideoFrames, ProbeAnswersWithoutAVideoStreamOrSizeAreInputErrors) {
  const std::string audio_only = R"({"streams": [{"codec_type": "audio", "codec_name": "aac"}], "format": {}})";
  EXPECT_NE(input_error_of([&] { parse_ffprobe_json(audio_only, "song.mp4"); }).find("song.mp4: not a video (no video stream"),
            std::string::npos);
  const std::string no_size = R"({"streams": [{"codec_type": "video", "width": 0, "height": 0}]})";
  EXPECT_NE(input_error_of([&] { parse_ffprobe_json(no_size, "x.mp4"); }).find("no frame size"), std::string::npos);
  EXPECT_NE(input_error_of([&] { parse_ffprobe_json("not json", "x.mp4"); }).find("not a video"), std::string::npos);
  const std::string ntsc = R"({"streams": [{"codec_type": "video", "width": 720, "height": 480,
      "avg_frame_rate": "30000/1001"}], "format": {"duration": "12.5", "format_name": "mov"}})";
  const VideoInfo info = parse_ffprobe_json(ntsc, "x.mov");
  EXPECT_NEAR(info.frame_rate, 29.97, 0.001);
  EXPECT_DOUBLE_EQ(info.duration_seconds, 12.5);  // from the container when the stream does not say
}

TEST(VideoFrames, AFileThatIsNotAVideoIsAnInputErrorNamingIt) {
  const auto dir = testing::temp_dir("video_frames_not_video");
  std::ofstream(dir / "notes.mp4") << "these are not frames\n";
  EXPECT_NE(input_error_of([&] { probe_video(dir / "notes.mp4"); }).find("notes.mp4: not a video ffmpeg can read"),
            std::string::npos);
  EXPECT_NE(input_error_of([&] { probe_video(dir / "missing.mp4"); }).find("no such video file"), std::string::npos);
  // A JPEG is a picture: ffprobe reads it as one frame, so it passes as a video of one frame.
  EXPECT_EQ(probe_video(testing::shared_path("data/photos/train/red/objects_1.jpg")).codec, "mjpeg");
}

TEST(VideoFrames, HugeFramesAndHoursOfVideoAreRefusedFromTheHeaderAlone) {
  const auto dir = testing::temp_dir("video_frames_limits");
  // One 10000 x 10000 frame (MJPEG) and three hours at one frame every ten seconds: both cheap to make.
  const auto huge = testing::make_colour_video(dir / "huge.mp4", {"red"}, 1.0, 10000, 10000, 1, false, "-frames:v 1 -c:v mjpeg -q:v 31");
  const auto hours = testing::make_colour_video(dir / "hours.mp4", {"red"}, 3 * 3600.0, 64, 64, 0.1);
  EXPECT_NE(input_error_of([&] { check_video_limits(probe_video(huge), {}, huge); })
                .find("frames of 10000x10000 pixels are larger than the 8294400 pixels taken"),
            std::string::npos);
  EXPECT_NE(input_error_of([&] { check_video_limits(probe_video(hours), {.max_seconds = 120}, hours); })
                .find("hours.mp4: 10800 s long; at most 120 s are taken"),
            std::string::npos);
  EXPECT_NO_THROW(check_video_limits(probe_video(hours), {.max_seconds = 4 * 3600.0}, hours));
}

TEST(VideoFrames, AHeaderThatUnderstatesTheLengthIsCaughtWhileDecoding) {
  const auto dir = testing::temp_dir("video_frames_lying");
  const auto video = testing::make_colour_video(dir / "four.mp4", {"red"}, 4.0, 64, 64, 10);
  VideoInfo info = probe_video(video);
  info.duration_seconds = 1.0;  // as a hostile header would say
  EXPECT_NE(input_error_of([&] { sample_video_frames(video, info, {}, {.max_seconds = 1.0}, [](const VideoFrame&) {}); })
                .find("decodes to more than 1.00 s of frames (its header says 1.00 s)"),
            std::string::npos);
}

TEST(VideoFrames, AFileCutShortIsAnInputErrorNotAShortVideo) {
  const auto dir = testing::temp_dir("video_frames_cut");
  const auto whole = testing::make_colour_video(dir / "rb.mp4", {"red", "blue"}, 2.0, 320, 240, 30, true);
  EXPECT_EQ(take_frames(whole).seconds.size(), 8u);
  const auto cut = testing::truncated_copy(whole, dir / "cut.mp4", 0.6);  // header first (+faststart), frames cut
  const std::string message = input_error_of([&] { take_frames(cut); });
  EXPECT_NE(message.find("cut.mp4: ends after"), std::string::npos) << message;
  EXPECT_NE(message.find("truncated or damaged?"), std::string::npos) << message;
  // Without +faststart the index is at the end: a cut file has none, and ffprobe cannot read it.
  const auto tail_index = testing::make_colour_video(dir / "tail.mp4", {"red"}, 2.0, 320, 240, 30, true,
                                                     "-c:v libx264 -preset ultrafast -pix_fmt yuv420p");
  const auto cut_tail = testing::truncated_copy(tail_index, dir / "cut_tail.mp4", 0.6);
  EXPECT_NE(input_error_of([&] { probe_video(cut_tail); }).find("cut_tail.mp4: not a video ffmpeg can read (Invalid data found when processing input)"),
            std::string::npos);
}

TEST(VideoFrames, SamplingOutsideItsRangeIsAnInputError) {
  const auto dir = testing::temp_dir("video_frames_sampling");
  const auto video = testing::make_colour_video(dir / "r.mp4", {"red"}, 1.0, 64, 64, 10);
  const VideoInfo info = probe_video(video);
  auto none = [](const VideoFrame&) {};
  EXPECT_NE(input_error_of([&] { sample_video_frames(video, info, {.frames_per_second = 0}, {}, none); }).find("frames analysed"),
            std::string::npos);
  EXPECT_NE(input_error_of([&] { sample_video_frames(video, info, {.longer_side = 8}, {}, none); }).find("analysed frame size"),
            std::string::npos);
}

}  // namespace
}  // namespace vec2midi::imaging
