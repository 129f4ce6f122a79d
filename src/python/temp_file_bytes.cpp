#include "python/temp_file_bytes.hpp"

#include <unistd.h>

#include "io/atomic_file.hpp"
#include "io/error.hpp"

namespace vec2midi::python {
namespace fs = std::filesystem;

std::string bytes_written_by(const std::string& suffix, const std::function<void(const fs::path&)>& write) {
  std::string pattern = (fs::temp_directory_path() / "vec2midi-XXXXXX").string();
  const int fd = mkstemp(pattern.data());
  if (fd < 0) throw Error("cannot create a temporary file in " + fs::temp_directory_path().string());
  close(fd);
  // The unique name is kept while the file with the suffix is written beside it, so that no one else takes it.
  const fs::path path = pattern + suffix;
  std::error_code ec;
  std::string bytes;
  try {
    write(path);
    bytes = io::read_file(path, kMaxTempFileBytes);
  } catch (...) {
    fs::remove(path, ec);
    fs::remove(pattern, ec);
    throw;
  }
  fs::remove(path, ec);
  fs::remove(pattern, ec);
  return bytes;
}

}  // namespace vec2midi::python
