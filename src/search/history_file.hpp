// A search run's history file, history.csv (search_run.hpp): a header, then one row per evaluation (index, loss,
// seconds, a_0..a_{K-1}) in the order evaluations finish. Rows are appended as a journal (each flushed and fsynced
// before the next) so that a kill loses no finished evaluation; a torn last line is dropped when read.
// Usage: Journal journal(dir / kHistoryFile); journal.append(row); auto rows = read_history(dir / kHistoryFile, 100);
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <vector>

namespace vec2midi::search {

/// One evaluation of the history.
struct HistoryRow {
  int64_t index = 0;      ///< evaluation number, 0-based
  double loss = 0.0;      ///< objective value
  double seconds = 0.0;   ///< wall time of the evaluation
  std::vector<double> a;  ///< coefficients
};

/// Reads history.csv: complete rows with n_dims coefficients, returned in index order (a round's rows are
/// journaled as they finish, and a round cut short leaves gaps); a torn last line (a kill while appending) is
/// dropped. Throws InputError naming the file for any other defect (an index twice, a malformed row).
std::vector<HistoryRow> read_history(const std::filesystem::path& path, int64_t n_dims);

/// Writes the whole history (header and rows) atomically.
void write_history(const std::filesystem::path& path, const std::vector<HistoryRow>& rows, int64_t n_dims);

/// history.csv opened for appending; each row is flushed and fsynced before append() returns.
class Journal {
 public:
  /// Throws Error if the file cannot be opened for appending.
  explicit Journal(const std::filesystem::path& path);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  /// Throws Error if the row cannot be written and synced.
  void append(const HistoryRow& row);

 private:
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
};

}  // namespace vec2midi::search
