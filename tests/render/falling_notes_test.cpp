#include "render/falling_notes.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <thread>
#include <vector>

#include <opencv2/videoio.hpp>

#include "io/error.hpp"
#include "render/audio.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::render {
namespace {

const Rgb kRed{230, 30, 30};

FallingNotesScene scene() {
  cv::Mat picture(60, 80, CV_8UC3, cv::Scalar(0, 0, 255));
  return FallingNotesScene{.melody = music::Melody{.notes = {{.pitch = 60, .start_step = 0, .end_step = 4},
                                                             {.pitch = 64, .start_step = 8, .end_step = 16}},
                                                   .n_steps = 16},
                           .pictures = {picture},
                           .colours = {kRed}};
}

int count_colour(const cv::Mat& img, Rgb c) {
  int n = 0;
  for (int y = 0; y < img.rows; ++y)
    for (int x = 0; x < img.cols; ++x) {
      const auto p = img.at<cv::Vec3b>(y, x);
      n += p[0] == c.b && p[1] == c.g && p[2] == c.r;
    }
  return n;
}

TEST(FallingNotes, FrameCountCoversLeadInMelodyAndTail) {
  const VideoOptions o{.fps = 10};  // 120 qpm: 16 steps = 2 s; + 2 s fall + 1 s tail
  EXPECT_EQ(falling_notes_frame_count(scene(), o), 50);
}

TEST(FallingNotes, NoteIsVisibleWhileFallingAndKeyLightsWhenItSounds) {
  const VideoOptions o{.width = 640, .height = 360};
  const cv::Mat before = draw_falling_notes_frame(scene(), 0.0, o);             // first note about to land
  const cv::Mat sounding = draw_falling_notes_frame(scene(), o.fall_seconds + 0.1, o);
  const cv::Mat after = draw_falling_notes_frame(scene(), o.fall_seconds + 10.0, o);  // all over
  EXPECT_GT(count_colour(before, kRed), 50);
  EXPECT_GT(count_colour(sounding, kRed), count_colour(after, kRed));
}

TEST(FallingNotes, WritesAnMp4WithVideo) {
  const auto dir = testing::temp_dir("falling_notes_mp4");
  const auto s = scene();
  render_melody_wav(s.melody, dir / "a.wav", AudioOptions{});
  write_falling_notes_video(s, dir / "a.wav", dir / "a.mp4", VideoOptions{.width = 320, .height = 240, .fps = 10});
  cv::VideoCapture cap((dir / "a.mp4").string());
  ASSERT_TRUE(cap.isOpened());
  EXPECT_NEAR(cap.get(cv::CAP_PROP_FRAME_COUNT), 50, 2);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 2);
}

TEST(FallingNotes, MissingFfmpegIsAnErrorAndLeavesNoFile) {
  const auto dir = testing::temp_dir("falling_notes_noffmpeg");
  const auto s = scene();
  render_melody_wav(s.melody, dir / "a.wav", AudioOptions{});
  EXPECT_THROW(write_falling_notes_video(s, dir / "a.wav", dir / "a.mp4",
                                         VideoOptions{.width = 320, .height = 240, .fps = 10, .ffmpeg = "/nonexistent/ffmpeg"}),
               Error);
  EXPECT_FALSE(std::filesystem::exists(dir / "a.mp4"));
}

// The review's find: serve writes several videos at once, and a failing ffmpeg used to be able to kill
// the whole server with SIGPIPE (the handler was swapped process-wide around each write). `false` exits
// without reading a frame; every writer must get an Error and this program must live on.
TEST(FallingNotes, ConcurrentVideosWithAFailingEncoderAreErrorsNotSigpipe) {
  const auto previous = std::signal(SIGPIPE, SIG_DFL);
  const auto dir = testing::temp_dir("falling_notes_concurrent");
  const auto s = scene();
  render_melody_wav(s.melody, dir / "a.wav", AudioOptions{});
  std::vector<std::thread> threads;
  std::atomic<int> errors{0};
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      try {
        write_falling_notes_video(s, dir / "a.wav", dir / ("v" + std::to_string(t) + ".mp4"),
                                  VideoOptions{.width = 320, .height = 240, .fps = 10, .ffmpeg = "false"});
      } catch (const Error&) {
        ++errors;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(errors.load(), 3);
  for (int t = 0; t < 3; ++t) EXPECT_FALSE(std::filesystem::exists(dir / ("v" + std::to_string(t) + ".mp4")));
  std::signal(SIGPIPE, previous);
}

}  // namespace
}  // namespace vec2midi::render
