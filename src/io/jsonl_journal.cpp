#include "io/jsonl_journal.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "io/error.hpp"

namespace vec2midi::io {
namespace fs = std::filesystem;

namespace {

// The complete lines of `text` parsed, and the length of text they span (a last line without '\n' is left out).
std::pair<std::vector<nlohmann::json>, size_t> complete_lines(const std::string& text, const fs::path& path) {
  std::vector<nlohmann::json> lines;
  size_t begin = 0, line_number = 1;
  for (size_t end = text.find('\n'); end != std::string::npos; begin = end + 1, end = text.find('\n', begin), ++line_number) {
    const std::string_view line(text.data() + begin, end - begin);
    if (line.empty()) continue;
    nlohmann::json value = nlohmann::json::parse(line, nullptr, false);
    if (value.is_discarded() || !value.is_object()) {
      throw InputError(path.string() + ":" + std::to_string(line_number) + ": not a JSON object (is this a journal?)");
    }
    lines.push_back(std::move(value));
  }
  return {std::move(lines), begin};
}

}  // namespace

JsonlJournal::JsonlJournal(fs::path path, JournalSync sync)
    : path_(std::move(path)), sync_(sync), last_sync_(std::chrono::steady_clock::now()) {
  if (sync_.max_lines < 1 || sync_.max_seconds < 0.0) {
    throw InputError("JsonlJournal: fsync after >= 1 lines and >= 0 seconds");
  }
  std::error_code ec;
  if (fs::exists(path_, ec)) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw Error(path_.string() + ": cannot read");
    std::ostringstream text;
    text << in.rdbuf();
    auto [lines, complete] = complete_lines(text.str(), path_);
    lines_ = std::move(lines);
    if (complete != text.str().size()) {
      fs::resize_file(path_, complete, ec);  // a line cut short by a kill
      if (ec) throw Error(path_.string() + ": cannot drop its unfinished last line: " + ec.message());
    }
  }
  file_ = std::fopen(path_.c_str(), "ab");
  if (!file_) throw Error(path_.string() + ": cannot open for appending");
}

JsonlJournal::~JsonlJournal() {
  if (!file_) return;
  if (unsynced_ > 0) ::fsync(::fileno(file_));  // a destructor does not throw: a failure here leaves the flushed lines
  std::fclose(file_);
}

void JsonlJournal::sync() {
  if (::fsync(::fileno(file_)) != 0) throw Error(path_.string() + ": cannot sync (disk full?)");
  unsynced_ = 0;
  last_sync_ = std::chrono::steady_clock::now();
}

void JsonlJournal::append(const nlohmann::json& line) {
  if (!line.is_object()) throw Error("JsonlJournal: a line must be a JSON object");
  // dump() escapes newlines inside strings; bytes that are not UTF-8 (a file name) become U+FFFD.
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size() || std::fflush(file_) != 0) {
    throw Error(path_.string() + ": cannot append (disk full?)");
  }
  ++unsynced_;
  if (unsynced_ >= sync_.max_lines ||
      std::chrono::duration<double>(std::chrono::steady_clock::now() - last_sync_).count() >= sync_.max_seconds) {
    sync();
  }
}

}  // namespace vec2midi::io
