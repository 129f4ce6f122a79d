// A progress line with rate and ETA for long work, written to stderr.
// Usage: Progress p("extract", n_files); for (...) { ...; p.advance(1, "windows 1234"); } p.finish();
// On a terminal the line is redrawn in place; otherwise a line is printed every few seconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace vec2midi::io {

/// Reports progress of `total` units of work; silent when `enabled` is false (e.g. --quiet).
class Progress {
 public:
  Progress(std::string label, int64_t total, bool enabled = true);
  /// Marks `n` more units done; `detail` is appended to the line (e.g. "loss 1.23").
  void advance(int64_t n = 1, const std::string& detail = "");
  /// Sets the absolute count of units done.
  void set_done(int64_t done, const std::string& detail = "");
  /// Starts counting from `done` units already finished earlier (resumed work; not in the rate).
  void resume_from(int64_t done);
  /// Ends the line with the total time taken.
  void finish(const std::string& detail = "");
  int64_t done() const { return done_; }

 private:
  void draw(const std::string& detail, bool final);

  using Clock = std::chrono::steady_clock;
  std::string label_;
  int64_t total_;
  int64_t done_ = 0;
  int64_t done_at_start_ = 0;
  bool enabled_;
  bool tty_;
  bool finished_ = false;
  Clock::time_point start_;
  Clock::time_point last_draw_;
};

/// Formats seconds as "1h02m", "3m05s" or "12s".
std::string format_duration(double seconds);

}  // namespace vec2midi::io
