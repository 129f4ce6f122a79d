#include "search/history_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>

#include "io/atomic_file.hpp"
#include "io/error.hpp"

namespace vec2midi::search {
namespace fs = std::filesystem;

namespace {

std::string header_line(int64_t n_dims) {
  std::string s = "index,loss,seconds";
  for (int64_t k = 0; k < n_dims; ++k) s += ",a_" + std::to_string(k);
  return s + "\n";
}

std::string row_line(const HistoryRow& row) {
  std::string s;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld,%.17g,%.6g", static_cast<long long>(row.index), row.loss, row.seconds);
  s += buf;
  for (double v : row.a) {
    std::snprintf(buf, sizeof buf, ",%.17g", v);
    s += buf;
  }
  return s + "\n";
}

}  // namespace

void write_history(const fs::path& path, const std::vector<HistoryRow>& rows, int64_t n_dims) {
  std::string text = header_line(n_dims);
  for (const auto& r : rows) text += row_line(r);
  io::write_file_atomic(path, text);
}

Journal::Journal(const fs::path& path) : path_(path) {
  file_ = std::fopen(path.c_str(), "ab");
  if (!file_) throw Error(path.string() + ": cannot open for appending");
}

Journal::~Journal() {
  if (file_) std::fclose(file_);
}

void Journal::append(const HistoryRow& row) {
  const std::string line = row_line(row);
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0 ||
      ::fsync(::fileno(file_)) != 0) {
    throw Error(path_.string() + ": cannot append an evaluation");
  }
}

std::vector<HistoryRow> read_history(const fs::path& path, int64_t n_dims) {
  const std::string text = io::read_file(path);
  std::vector<HistoryRow> rows;
  size_t pos = text.find('\n');
  if (pos == std::string::npos || text.substr(0, pos + 1) != header_line(n_dims)) {
    throw InputError(path.string() + ": not a history of a " + std::to_string(n_dims) + "-coefficient search");
  }
  ++pos;
  while (pos < text.size()) {
    const size_t end = text.find('\n', pos);
    if (end == std::string::npos) break;  // torn last line: dropped
    std::istringstream line(text.substr(pos, end - pos));
    HistoryRow row;
    std::string field;
    std::vector<std::string> fields;
    while (std::getline(line, field, ',')) fields.push_back(field);
    const bool last = end + 1 >= text.size();
    try {
      if (static_cast<int64_t>(fields.size()) != 3 + n_dims) throw std::invalid_argument("field count");
      row.index = std::stoll(fields[0]);
      row.loss = std::stod(fields[1]);
      row.seconds = std::stod(fields[2]);
      for (int64_t k = 0; k < n_dims; ++k) row.a.push_back(std::stod(fields[static_cast<size_t>(3 + k)]));
    } catch (const std::exception&) {
      if (last) break;
      throw InputError(path.string() + ": malformed row " + std::to_string(rows.size() + 1));
    }
    if (row.index < 0) throw InputError(path.string() + ": row " + std::to_string(rows.size() + 1) + " has a negative index");
    rows.push_back(std::move(row));
    pos = end + 1;
  }
  // A round's evaluations are journaled as they finish, so rows may come out of order (an MPI run).
  std::stable_sort(rows.begin(), rows.end(), [](const HistoryRow& a, const HistoryRow& b) { return a.index < b.index; });
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].index == rows[i - 1].index) {
      throw InputError(path.string() + ": evaluation " + std::to_string(rows[i].index) + " appears twice");
    }
  }
  return rows;
}

}  // namespace vec2midi::search
