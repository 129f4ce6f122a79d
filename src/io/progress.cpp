#include "io/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace vec2midi::io {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto s = static_cast<int64_t>(std::llround(seconds));
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", static_cast<long long>(s / 3600), static_cast<long long>(s % 3600 / 60));
  } else if (s >= 60) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(s));
  }
  return buf;
}

Progress::Progress(std::string label, int64_t total, bool enabled)
    : label_(std::move(label)), total_(total), enabled_(enabled), tty_(::isatty(STDERR_FILENO) != 0),
      start_(Clock::now()), last_draw_(start_) {}

void Progress::advance(int64_t n, const std::string& detail) { set_done(done_ + n, detail); }

void Progress::set_done(int64_t done, const std::string& detail) {
  done_ = done;
  const auto now = Clock::now();
  const double since = std::chrono::duration<double>(now - last_draw_).count();
  if (since >= (tty_ ? 0.2 : 5.0) || (done_ >= total_ && total_ > 0)) {
    last_draw_ = now;
    draw(detail, false);
  }
}

void Progress::resume_from(int64_t done) {
  done_ = done;
  done_at_start_ = done;
}

void Progress::finish(const std::string& detail) {
  if (finished_) return;
  finished_ = true;
  draw(detail, true);
}

void Progress::draw(const std::string& detail, bool final) {
  if (!enabled_) return;
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done_ - done_at_start_) / elapsed : 0.0;
  std::string line = label_ + " " + std::to_string(done_);
  if (total_ > 0) {
    char pct[16];
    std::snprintf(pct, sizeof pct, " (%.0f%%)", 100.0 * static_cast<double>(done_) / static_cast<double>(total_));
    line += "/" + std::to_string(total_) + pct;
  }
  char rate_buf[48];
  std::snprintf(rate_buf, sizeof rate_buf, "  %.1f/s", rate);
  line += rate_buf;
  if (final) {
    line += "  took " + format_duration(elapsed);
  } else if (total_ > 0 && rate > 0) {
    line += "  ETA " + format_duration(static_cast<double>(total_ - done_) / rate);
  }
  if (!detail.empty()) line += "  " + detail;
  if (tty_) {
    std::fprintf(stderr, "\r\033[K%s%s", line.c_str(), final ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  std::fflush(stderr);
}

}  // namespace vec2midi::io
