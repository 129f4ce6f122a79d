#include "render/image_writers.hpp"

#include <stdlib.h>

#include <cstdio>
#include <string>

#include "imaging/png_codec.hpp"
#include "io/atomic_file.hpp"
#include "io/child_process.hpp"
#include "io/error.hpp"

namespace vec2midi::render {

namespace fs = std::filesystem;

namespace {

/// A fresh temporary folder, removed on destruction.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "vec2midi_gif_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw Error("cannot create a temporary folder in " + fs::temp_directory_path().string());
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

void write_png(const fs::path& path, const cv::Mat& image) {
  std::string bytes;
  try {
    bytes = imaging::encode_png(image);
  } catch (const Error& e) {
    throw Error(path.string() + ": cannot encode PNG (" + e.what() + ")");
  }
  io::write_file_atomic(path, bytes);
}

void write_gif(const fs::path& path, const std::vector<cv::Mat>& frames, int64_t fps) {
  if (frames.empty()) throw Error(path.string() + ": no frames to write");
  TempDir tmp;
  for (size_t i = 0; i < frames.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%05zu.png", i);
    write_png(tmp.path / name, frames[i]);
  }
  const fs::path gif = tmp.path / "out.gif";
  const int status = io::run_program({"ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-framerate", std::to_string(fps), "-i",
                                  (tmp.path / "frame_%05d.png").string(), "-vf",
                                  "split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=none", "-loop", "0",
                                  gif.string()},
                                     {.stdout_path = "/dev/null", .stderr_path = {}});
  if (status == -1) throw Error(path.string() + ": cannot run ffmpeg to encode the GIF (is it installed?)");
  if (status != 0) throw Error(path.string() + ": ffmpeg failed to encode the GIF (exit status " + std::to_string(status) + ")");
  io::write_file_atomic(path, io::read_file(gif));
}

}  // namespace vec2midi::render
