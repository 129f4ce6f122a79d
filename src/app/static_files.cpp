#include "app/static_files.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <vector>

#include "io/lower_case.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

std::optional<fs::path> resolve_static_path(const fs::path& root, std::string_view url_path, StaticLookup& lookup,
                                            std::string_view index) {
  lookup = StaticLookup::kForbidden;
  if (url_path.find('\\') != std::string_view::npos || url_path.find('\0') != std::string_view::npos) return {};
  fs::path relative;
  size_t pos = 0;
  while (pos <= url_path.size()) {
    const size_t end = std::min(url_path.find('/', pos), url_path.size());
    const std::string_view segment = url_path.substr(pos, end - pos);
    if (segment == "..") return {};
    if (!segment.empty() && segment != ".") relative /= std::string(segment);
    pos = end + 1;
  }
  if (relative.empty()) relative = std::string(index);
  std::error_code ec;
  const fs::path base = fs::canonical(root, ec);
  lookup = StaticLookup::kNotFound;
  if (ec) return {};
  const fs::path file = fs::weakly_canonical(base / relative, ec);
  if (ec) return {};
  // A symlink inside the folder must not lead outside it.
  const auto [base_end, file_it] = std::mismatch(base.begin(), base.end(), file.begin(), file.end());
  if (base_end != base.end()) {
    lookup = StaticLookup::kForbidden;
    return {};
  }
  if (!fs::is_regular_file(file, ec)) return {};
  lookup = StaticLookup::kFound;
  return file;
}

std::string content_type(const fs::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json"},          {".svg", "image/svg+xml"},
      {".png", "image/png"},                  {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},                {".webp", "image/webp"},
      {".bmp", "image/bmp"},                  {".ico", "image/x-icon"},
      {".wav", "audio/wav"},                  {".mid", "audio/midi"},
      {".mp4", "video/mp4"},                  {".txt", "text/plain; charset=utf-8"}};
  const auto it = kTypes.find(io::lower_extension(file));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

namespace {

fs::path executable_dir() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : self.parent_path();
}

}  // namespace

fs::path app_folder(std::string_view name) {
  std::string env_name = "VEC2MIDI_";
  for (char ch : name) env_name += char(std::toupper(static_cast<unsigned char>(ch)));
  if (const char* env = std::getenv(env_name.c_str()); env != nullptr && *env != '\0') return env;
  const fs::path exe = executable_dir();
  const std::vector<fs::path> candidates = {exe.parent_path() / name, exe / name, fs::path(VEC2MIDI_SOURCE_DIR) / name,
                                            exe.parent_path() / "share" / "vec2midi" / name};
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_directory(c, ec)) return c;
  }
  return fs::path(VEC2MIDI_SOURCE_DIR) / name;
}

std::vector<std::string> picture_names(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && vision::has_image_extension(it->path())) names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace vec2midi::app
