// Writing results atomically: data goes to a temporary file beside the target, which is renamed
// over the target only on commit(), so a reader never sees a half-written file.
// Usage: AtomicFile f(path); f.stream() << data; f.commit();   // or write_file_atomic(path, bytes)
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace vec2midi::io {

/// A file being written: removed on destruction unless committed.
class AtomicFile {
 public:
  /// Opens a temporary file in the directory of `target` (which must exist). Throws Error.
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// The binary stream to write to.
  std::ofstream& stream() { return out_; }
  /// Path of the temporary file (for libraries that want to write a path themselves).
  const std::filesystem::path& temp_path() const { return temp_; }
  /// Flushes, fsyncs and renames the temporary file over the target. Throws Error on failure.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::ofstream out_;
  bool committed_ = false;
};

/// Writes `bytes` to `path` atomically. Throws Error naming the path on failure.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

/// Reads a whole file. Throws InputError naming the path if it is missing or unreadable;
/// refuses files larger than `max_bytes`.
std::string read_file(const std::filesystem::path& path, std::uintmax_t max_bytes = std::uintmax_t(1) << 32);

}  // namespace vec2midi::io
