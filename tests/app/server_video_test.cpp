// POST /api/video (issue 29, video in) of a real server in-process with the shipped models: a slideshow of the
// bundled example photos, encoded by ffmpeg at test time, comes back as a soundtrack that follows its colours and a
// playable MP4 with it as its sound; every kind of hostile upload is a clear 4xx, and the server goes on serving.
#include "app/server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "app/composer.hpp"
#include "app/static_files.hpp"
#include "io/atomic_file.hpp"
#include "running_server.hpp"
#include "support/shared_data.hpp"
#include "support/shell.hpp"
#include "support/test_videos.hpp"

namespace vec2midi::app {
namespace {
namespace fs = std::filesystem;

class ServerVideoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerOptions options = test_server_options("server_video");
    options.max_video_bytes = 4u << 20;
    options.max_video_seconds = 30;
    work_dir_ = options.work_dir;
    shipped_ = new ShippedServer(options);
    server_ = &shipped_->server;
  }
  static void TearDownTestSuite() { delete shipped_; }

  static httplib::Result post_video(const std::string& bytes, const std::string& filename,
                                    httplib::MultipartFormDataItems fields = {}) {
    fields.push_back({"video", bytes, filename, "video/mp4"});
    return server_->client().Post("/api/video", fields);
  }
  static std::string bytes_of(const fs::path& file) { return io::read_file(file); }

  static ShippedServer* shipped_;
  static RunningServer* server_;
  static fs::path work_dir_;
};
ShippedServer* ServerVideoTest::shipped_ = nullptr;
RunningServer* ServerVideoTest::server_ = nullptr;
fs::path ServerVideoTest::work_dir_;

TEST_F(ServerVideoTest, AVideoComesBackScoredAsAPlayableMp4WithItsSoundtrack) {
  const fs::path dir = vec2midi::testing::temp_dir("server_video_ok");
  const fs::path clip = vec2midi::testing::make_slideshow(
      dir / "clip.mp4", {vec2midi::testing::project_path("examples/red_car.jpg"), vec2midi::testing::project_path("examples/blue_swatch.jpg")},
      4.0);
  auto res = post_video(bytes_of(clip), "holiday clip.mp4", {{"bars", "1", "", ""}, {"tempo", "120", "", ""}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const nlohmann::json doc = nlohmann::json::parse(res->body);
  std::vector<std::string> colours;
  for (const auto& p : doc.at("phrases")) colours.push_back(p.at("colour"));
  EXPECT_EQ(colours, (std::vector<std::string>{"red", "red", "blue", "blue"}));
  EXPECT_EQ(doc.at("colour"), "red");
  EXPECT_EQ(doc.at("steps"), 64);
  EXPECT_EQ(doc.at("name"), "holidayclip");
  const std::string mp4_url = doc.at("files").at("mp4");
  EXPECT_TRUE(mp4_url.ends_with("/holidayclip.scored.mp4")) << mp4_url;

  auto video = server_->client().Get(mp4_url);
  ASSERT_TRUE(video);
  ASSERT_EQ(video->status, 200);
  EXPECT_EQ(video->get_header_value("Content-Type"), "video/mp4");
  io::write_file_atomic(dir / "served.mp4", video->body);
  const auto probe = vec2midi::testing::run_shell(
      "ffprobe -v error -show_entries stream=codec_type,codec_name:format=duration -of compact '" + (dir / "served.mp4").string() + "'");
  ASSERT_EQ(probe.exit_code, 0) << probe.err;
  EXPECT_NE(probe.out.find("codec_name=h264|codec_type=video"), std::string::npos) << probe.out;
  EXPECT_NE(probe.out.find("codec_name=aac|codec_type=audio"), std::string::npos) << probe.out;
  for (const char* kind : {"midi", "wav", "png"}) {
    auto file = server_->client().Get(doc.at("files").at(kind).get<std::string>());
    ASSERT_TRUE(file);
    EXPECT_EQ(file->status, 200) << kind;
  }
  // The upload itself is neither served nor kept.
  for (const auto& entry : fs::recursive_directory_iterator(work_dir_)) {
    EXPECT_EQ(entry.path().filename().string().find("upload"), std::string::npos) << entry.path();
  }
}

TEST_F(ServerVideoTest, HostileUploadsAreClear4xxAndTheServerGoesOnServing) {
  namespace t = vec2midi::testing;
  const fs::path dir = t::temp_dir("server_video_hostile");
  const fs::path grainy = t::make_colour_video(dir / "grainy.mp4", {"red", "blue"}, 2.0, 320, 240, 30, true);
  const fs::path tail_index = t::make_colour_video(dir / "tail.mp4", {"red"}, 2.0, 320, 240, 30, true,
                                                   "-c:v libx264 -preset ultrafast -pix_fmt yuv420p");
  const fs::path huge = t::make_colour_video(dir / "huge.mp4", {"red"}, 1.0, 10000, 10000, 1, false, "-frames:v 1 -c:v mjpeg -q:v 31");
  const fs::path hours = t::make_colour_video(dir / "hours.mp4", {"red"}, 3 * 3600.0, 64, 64, 0.1);
  std::string five_mib(5u << 20, '\0');
  for (size_t i = 0; i < five_mib.size(); ++i) five_mib[i] = char((i * 2654435761u) >> 13);

  const std::vector<std::tuple<std::string, std::string, int, std::string>> cases = {
      {"text", "these are not frames\n", 415, "video: not a video ffmpeg can read"},
      {"cut (index at the end)", bytes_of(t::truncated_copy(tail_index, dir / "cut_tail.mp4", 0.6)), 415,
       "video: not a video ffmpeg can read"},
      {"cut (frames)", bytes_of(t::truncated_copy(grainy, dir / "cut.mp4", 0.6)), 422, "video: ends after"},
      {"huge frames", bytes_of(huge), 413, "video: frames of 10000x10000 pixels are larger than the 2073600 pixels taken"},
      {"hours long", bytes_of(hours), 413, "video: 10800 s long; at most 30 s are taken"},
      {"over the byte limit", five_mib, 413, "video: larger than the video upload limit of 4 MiB"},
      {"empty", "", 400, "video: the upload is empty"},
  };
  for (const auto& [what, bytes, status, message] : cases) {
    auto res = post_video(bytes, "x.mp4");
    ASSERT_TRUE(res) << what;
    EXPECT_EQ(res->status, status) << what << ": " << res->body;
    const std::string error = nlohmann::json::parse(res->body).value("error", "");
    EXPECT_NE(error.find(message), std::string::npos) << what << ": " << error;
    EXPECT_EQ(error.find(work_dir_.string()), std::string::npos) << what << ": the server's paths stay its own";
    EXPECT_TRUE(server_->healthy()) << what;
  }
  auto bars = post_video(bytes_of(grainy), "x.mp4", {{"bars", "4", "", ""}});
  EXPECT_EQ(bars->status, 400);
  EXPECT_NE(bars->body.find("each phrase of a soundtrack is 1 or 2 bars"), std::string::npos) << bars->body;
  auto no_field = server_->client().Post("/api/video", httplib::MultipartFormDataItems{{"bars", "1", "", ""}});
  EXPECT_EQ(no_field->status, 400);
  EXPECT_NE(no_field->body.find("expected a multipart field 'video'"), std::string::npos) << no_field->body;
  auto not_multipart = server_->client().Post("/api/video", "x", "video/mp4");
  EXPECT_EQ(not_multipart->status, 415);
  EXPECT_NE(not_multipart->body.find("with a 'video' field"), std::string::npos) << not_multipart->body;
  for (const auto& entry : fs::directory_iterator(work_dir_)) {
    EXPECT_EQ(entry.path().filename().string().find("upload"), std::string::npos) << entry.path();
  }
  EXPECT_TRUE(server_->healthy());
}

}  // namespace
}  // namespace vec2midi::app
