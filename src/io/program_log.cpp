#include "io/program_log.hpp"

#include <unistd.h>

#include <fstream>
#include <vector>

#include "io/error.hpp"

namespace vec2midi::io {

ProgramLog::ProgramLog() {
  std::string name = (std::filesystem::temp_directory_path() / "vec2midi-log-XXXXXX").string();
  std::vector<char> buffer(name.begin(), name.end());
  buffer.push_back('\0');
  const int fd = mkstemp(buffer.data());
  if (fd < 0) throw Error("cannot create a temporary file in " + std::filesystem::temp_directory_path().string());
  close(fd);
  path_ = buffer.data();
}

ProgramLog::~ProgramLog() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

std::string ProgramLog::last_line() const {
  std::ifstream in(path_, std::ios::binary);
  constexpr std::streamoff kTail = 64 << 10;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size <= 0) return "";
  in.seekg(size > kTail ? size - kTail : 0);
  std::string text(size_t(size > kTail ? kTail : size), '\0');
  in.read(text.data(), std::streamsize(text.size()));
  text.resize(size_t(in.gcount()));
  return last_nonempty_line(text);
}

std::string last_nonempty_line(const std::string& text) {
  size_t end = text.size();
  while (end > 0) {
    const size_t start = text.rfind('\n', end - 1);
    const size_t from = start == std::string::npos ? 0 : start + 1;
    std::string line = text.substr(from, end - from);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) return line;
    if (start == std::string::npos) break;
    end = start;
  }
  return "";
}

}  // namespace vec2midi::io
