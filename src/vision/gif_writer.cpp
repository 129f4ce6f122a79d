#include "vision/gif_writer.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include <opencv2/imgcodecs.hpp>

#include "io/atomic_file.hpp"
#include "io/error.hpp"

extern char** environ;

namespace vec2midi::vision {

namespace fs = std::filesystem;

namespace {

/// Runs a program with arguments (no shell); returns its exit status, or -1 if it cannot start.
int run_program(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

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
  std::vector<uchar> bytes;
  if (!cv::imencode(".png", image, bytes)) throw Error(path.string() + ": cannot encode PNG");
  io::write_file_atomic(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

void write_gif(const fs::path& path, const std::vector<cv::Mat>& frames, int64_t fps) {
  if (frames.empty()) throw Error(path.string() + ": no frames to write");
  TempDir tmp;
  for (size_t i = 0; i < frames.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%05zu.png", i);
    if (!cv::imwrite((tmp.path / name).string(), frames[i])) throw Error((tmp.path / name).string() + ": cannot write frame");
  }
  const fs::path gif = tmp.path / "out.gif";
  const int status = run_program({"ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-framerate", std::to_string(fps), "-i",
                                  (tmp.path / "frame_%05d.png").string(), "-vf",
                                  "split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=none", "-loop", "0",
                                  gif.string()});
  if (status == -1) throw Error(path.string() + ": cannot run ffmpeg to encode the GIF (is it installed?)");
  if (status != 0) throw Error(path.string() + ": ffmpeg failed to encode the GIF (exit status " + std::to_string(status) + ")");
  io::write_file_atomic(path, io::read_file(gif));
}

}  // namespace vec2midi::vision
