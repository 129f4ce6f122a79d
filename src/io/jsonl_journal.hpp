// An append-only file of JSON lines that survives a kill at any moment (a batch run's manifest): each line is
// written and flushed to the operating system before append() returns, so a killed process loses none; on
// opening, the lines already there are read back and a last line cut short by a kill is dropped (the file is
// truncated to its last complete line). fsync, which guards against the machine itself going down, follows every
// line by default, or a group of lines (group commit: after max_lines lines or max_seconds, and when the journal
// closes), which takes the fsync off each line for a run that appends thousands a second.
// Usage: JsonlJournal m("out/manifest.jsonl"); for (auto& line : m.lines()) skip(line); m.append({{"image", ...}});
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

namespace vec2midi::io {

/// When appended lines are fsynced: after max_lines of them, or at the first append max_seconds after the last
/// fsync, whichever comes first (1 and 0: every line).
struct JournalSync {
  int64_t max_lines = 1;
  double max_seconds = 0.0;
};

class JsonlJournal {
 public:
  /// Opens (or creates) `path` for appending. Throws InputError when a complete line is not a JSON object (the
  /// file is not a journal) or `sync` is not positive, Error when the file cannot be opened.
  explicit JsonlJournal(std::filesystem::path path, JournalSync sync = {});
  ~JsonlJournal();
  JsonlJournal(const JsonlJournal&) = delete;
  JsonlJournal& operator=(const JsonlJournal&) = delete;

  /// The lines the file held when it was opened, in file order.
  const std::vector<nlohmann::json>& lines() const { return lines_; }

  /// Appends `line` (a JSON object, written on one line) and flushes it; fsyncs as `sync` says. Throws Error on
  /// failure.
  void append(const nlohmann::json& line);
  /// fsyncs the lines appended since the last fsync (the destructor does too). Throws Error on failure.
  void sync();
  /// Lines appended since the last fsync.
  int64_t unsynced() const { return unsynced_; }

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::vector<nlohmann::json> lines_;
  std::FILE* file_ = nullptr;
  JournalSync sync_;
  int64_t unsynced_ = 0;
  std::chrono::steady_clock::time_point last_sync_;
};

}  // namespace vec2midi::io
