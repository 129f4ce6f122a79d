#include "support/test_videos.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/shell.hpp"

namespace vec2midi::testing {
namespace {

std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

void run_ffmpeg(const std::string& args, const std::filesystem::path& out) {
  const CommandResult r = run_shell("ffmpeg -hide_banner -nostdin -v error -y " + args + " " + quoted(out));
  if (r.exit_code != 0 || !std::filesystem::exists(out)) {
    throw std::runtime_error("test video " + out.string() + ": ffmpeg failed: " + r.err);
  }
}

}  // namespace

std::filesystem::path make_slideshow(const std::filesystem::path& out, const std::vector<std::filesystem::path>& photos,
                                     double seconds_each, int width, int height) {
  std::ostringstream args, filter;
  for (size_t i = 0; i < photos.size(); ++i) {
    args << "-loop 1 -framerate 30 -t " << seconds_each << " -i " << quoted(photos[i]) << " ";
    filter << "[" << i << ":v]scale=" << width << ":" << height << ":force_original_aspect_ratio=decrease,pad=" << width
           << ":" << height << ":(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p[v" << i << "];";
  }
  for (size_t i = 0; i < photos.size(); ++i) filter << "[v" << i << "]";
  filter << "concat=n=" << photos.size() << ":v=1:a=0[out]";
  args << "-filter_complex '" << filter.str() << "' -map '[out]' -c:v libx264 -preset ultrafast -r 30";
  run_ffmpeg(args.str(), out);
  return out;
}

std::filesystem::path make_colour_video(const std::filesystem::path& out, const std::vector<std::string>& colours,
                                        double seconds_each, int width, int height, double fps, bool grain,
                                        const std::string& codec_args) {
  std::ostringstream args, filter;
  for (size_t i = 0; i < colours.size(); ++i) {
    args << "-f lavfi -i color=c=" << colours[i] << ":s=" << width << "x" << height << ":r=" << fps << ":d=" << seconds_each
         << " ";
    filter << "[" << i << ":v]";
  }
  filter << "concat=n=" << colours.size() << ":v=1:a=0" << (grain ? ",noise=alls=20:allf=t+u" : "") << "[out]";
  args << "-filter_complex '" << filter.str() << "' -map '[out]' " << codec_args;
  run_ffmpeg(args.str(), out);
  return out;
}

std::filesystem::path truncated_copy(const std::filesystem::path& file, const std::filesystem::path& out, double fraction) {
  std::ifstream in(file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  bytes.resize(size_t(double(bytes.size()) * fraction));
  std::ofstream(out, std::ios::binary) << bytes;
  return out;
}

}  // namespace vec2midi::testing
