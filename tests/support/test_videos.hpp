// Real video files for the tests of video input, encoded by Debian's ffmpeg at test time (nothing is stored): a
// slideshow of photos from ../shared, or plain colours from ffmpeg's own generator, and the hostile ones a server
// must refuse (cut short, huge frames, hours long).
// Usage: const auto clip = make_slideshow(dir / "a.mp4", {red_photo, blue_photo}, 4.0);
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vec2midi::testing {

/// An H.264 MP4 (yuv420p, 30 fps, `width` x `height`, no sound) showing each photo for `seconds_each`, letterboxed.
/// Fails the test (throws) if ffmpeg fails.
std::filesystem::path make_slideshow(const std::filesystem::path& out, const std::vector<std::filesystem::path>& photos,
                                     double seconds_each, int width = 640, int height = 360);

/// A video of plain colours (ffmpeg colour names, e.g. "red"), each for `seconds_each`, at `fps`, encoded with
/// `codec_args` into `out` (the container from its name); with `grain`, ffmpeg's seeded noise on every frame so that
/// each frame costs bytes (a cut file then loses frames, not just its end).
std::filesystem::path make_colour_video(const std::filesystem::path& out, const std::vector<std::string>& colours,
                                        double seconds_each, int width, int height, double fps, bool grain = false,
                                        const std::string& codec_args =
                                            "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -movflags +faststart");

/// A copy of the first `fraction` of `file`'s bytes.
std::filesystem::path truncated_copy(const std::filesystem::path& file, const std::filesystem::path& out, double fraction);

}  // namespace vec2midi::testing
