// Where a child program's standard error goes, so that its complaint can end our own error line: a temporary file
// of its own (mkstemp in the temporary folder), removed with the object, and its last non-empty line.
// Usage: ProgramLog log; ChildProcess c(argv, {.stderr_path = log.path()}); if (c.wait()) throw Error("..: " + log.last_line());
#pragma once

#include <filesystem>
#include <string>

namespace vec2midi::io {

class ProgramLog {
 public:
  /// Creates an empty temporary file. Throws Error if the temporary folder is not writable.
  ProgramLog();
  ~ProgramLog();
  ProgramLog(const ProgramLog&) = delete;
  ProgramLog& operator=(const ProgramLog&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// The last line with any text in it ("" if none), from the file's last 64 KiB.
  std::string last_line() const;

 private:
  std::filesystem::path path_;
};

/// The last line of `text` with any non-space character in it, without its line end ("" if none).
std::string last_nonempty_line(const std::string& text);

}  // namespace vec2midi::io
