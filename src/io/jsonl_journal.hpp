// An append-only file of JSON lines that survives a kill at any moment (a batch run's manifest): each line is
// written, flushed and fsynced before append() returns; on opening, the lines already there are read back and a
// last line cut short by a kill is dropped (the file is truncated to its last complete line).
// Usage: JsonlJournal m("out/manifest.jsonl"); for (auto& line : m.lines()) skip(line); m.append({{"image", ...}});
#pragma once

#include <cstdio>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

namespace vec2midi::io {

class JsonlJournal {
 public:
  /// Opens (or creates) `path` for appending. Throws InputError when a complete line is not a JSON object (the
  /// file is not a journal), Error when the file cannot be opened.
  explicit JsonlJournal(std::filesystem::path path);
  ~JsonlJournal();
  JsonlJournal(const JsonlJournal&) = delete;
  JsonlJournal& operator=(const JsonlJournal&) = delete;

  /// The lines the file held when it was opened, in file order.
  const std::vector<nlohmann::json>& lines() const { return lines_; }

  /// Appends `line` (a JSON object, written on one line) and makes it durable. Throws Error on failure.
  void append(const nlohmann::json& line);

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::vector<nlohmann::json> lines_;
  std::FILE* file_ = nullptr;
};

}  // namespace vec2midi::io
