#include "search/search_run.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "io/progress.hpp"
#include "render/charts.hpp"
#include "search/batch_evaluator.hpp"
#include "render/image_writers.hpp"
#include "transition/transition_file.hpp"

namespace vec2midi::search {
namespace fs = std::filesystem;

namespace {

constexpr char kCheckpointFormat[] = "vec2midi.search-checkpoint";

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

void write_history(const fs::path& path, const std::vector<HistoryRow>& rows, int64_t n_dims) {
  std::string text = header_line(n_dims);
  for (const auto& r : rows) text += row_line(r);
  io::write_file_atomic(path, text);
}

// The journal: history.csv opened for appending; each row is flushed and fsynced before the next evaluation.
class Journal {
 public:
  explicit Journal(const fs::path& path) : path_(path) {
    file_ = std::fopen(path.c_str(), "ab");
    if (!file_) throw Error(path.string() + ": cannot open for appending");
  }
  ~Journal() {
    if (file_) std::fclose(file_);
  }
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  void append(const HistoryRow& row) {
    const std::string line = row_line(row);
    if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0 ||
        ::fsync(::fileno(file_)) != 0) {
      throw Error(path_.string() + ": cannot append an evaluation");
    }
  }

 private:
  fs::path path_;
  std::FILE* file_ = nullptr;
};

bool same_point(const std::vector<double>& a, const std::vector<double>& b, double tolerance) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!(std::abs(a[i] - b[i]) <= tolerance)) return false;
  }
  return true;
}

}  // namespace

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

void write_best_loss_plot(const fs::path& path, const std::vector<HistoryRow>& history, const std::string& title) {
  render::ChartSeries all{.x = {}, .y = {}, .colour = cv::Scalar(200, 170, 140), .points = true, .label = "loss"};
  render::ChartSeries best{.x = {}, .y = {}, .colour = cv::Scalar(40, 60, 210), .label = "best so far"};
  double running = std::numeric_limits<double>::infinity();
  for (const auto& r : history) {
    running = std::min(running, r.loss);
    all.x.push_back(static_cast<double>(r.index + 1));
    all.y.push_back(r.loss);
    best.x.push_back(static_cast<double>(r.index + 1));
    best.y.push_back(running);
  }
  render::write_png(path, render::draw_line_chart({all, best}, {.title = title, .x_label = "evaluations", .y_label = "loss"}));
}

namespace {

// Checks the options and the run folder; true when the folder already holds a run (which needs --resume).
bool prepare_run_dir(const SearchRunOptions& options) {
  if (options.budget < 1) throw InputError("search: budget must be >= 1, got " + std::to_string(options.budget));
  if (options.checkpoint_every < 1) throw InputError("search: checkpoint interval must be >= 1");
  std::error_code ec;
  fs::create_directories(options.run_dir, ec);
  if (!fs::is_directory(options.run_dir)) throw InputError(options.run_dir.string() + ": cannot create the run folder");
  const bool has_run = fs::exists(options.run_dir / kHistoryFile) || fs::exists(options.run_dir / kCheckpointFile);
  if (has_run && !options.resume) {
    throw InputError(options.run_dir.string() + ": already holds a search (pass --resume to continue it)");
  }
  return has_run;
}

// The checkpoint file, refused unless it is a search checkpoint made with the same settings.
nlohmann::json read_checkpoint(const fs::path& path, const nlohmann::json& config) {
  nlohmann::json cp;
  try {
    cp = nlohmann::json::parse(io::read_file(path));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path.string() + ": not valid JSON (" + e.what() + ")");
  }
  if (cp.value("format", "") != kCheckpointFormat) throw InputError(path.string() + ": not a search checkpoint");
  if (cp.at("config") != config) {
    throw InputError(path.string() + ": the run was made with other settings: " + cp.at("config").dump() + " (now " +
                     config.dump() + ")");
  }
  return cp;
}

// Where a resumed run starts: the rows the optimiser was told (restored into it) and the journal, the rows
// evaluated past the checkpoint by evaluation number (a round cut short may leave gaps), replayed when the
// optimiser asks the same points again.
struct ResumedRun {
  std::vector<HistoryRow> history;
  std::map<int64_t, HistoryRow> journal;
  int64_t n_told = 0;
};

ResumedRun resume_run(optim::Optimizer& optimizer, const SearchRunOptions& options) {
  const fs::path history_path = options.run_dir / kHistoryFile;
  const fs::path checkpoint_path = options.run_dir / kCheckpointFile;
  ResumedRun run;
  if (fs::exists(history_path)) run.history = read_history(history_path, options.transition.n_matrices);
  if (fs::exists(checkpoint_path)) {
    const nlohmann::json cp = read_checkpoint(checkpoint_path, options.config);
    run.n_told = cp.at("n_told").get<int64_t>();
    if (run.n_told > static_cast<int64_t>(run.history.size())) {
      throw InputError(history_path.string() + ": holds " + std::to_string(run.history.size()) +
                       " evaluations but the checkpoint has " + std::to_string(run.n_told));
    }
    std::vector<std::vector<double>> xs;
    std::vector<double> ys;
    for (int64_t i = 0; i < run.n_told; ++i) {
      const HistoryRow& row = run.history[static_cast<size_t>(i)];
      if (row.index != i) {
        throw InputError(history_path.string() + ": evaluation " + std::to_string(i) + ", told to the optimiser, is missing");
      }
      xs.push_back(row.a);
      ys.push_back(row.loss);
    }
    optimizer.restore(cp.at("optimizer"), xs, ys);
  }
  for (auto it = run.history.begin() + run.n_told; it != run.history.end(); ++it) run.journal.emplace(it->index, *it);
  run.history.resize(static_cast<size_t>(run.n_told));
  return run;
}

std::vector<HistoryRow> concatenated(const std::vector<HistoryRow>& a, const std::map<int64_t, HistoryRow>& b) {
  std::vector<HistoryRow> all = a;
  for (const auto& [index, row] : b) all.push_back(row);
  return all;
}

// Writes checkpoint.json after `told` rows, with the best transition so far and the best-loss chart.
void write_checkpoint(const SearchRunOptions& options, const optim::Optimizer& optimizer,
                      const std::vector<HistoryRow>& history, const SearchReport& report, double best_loss, int64_t told) {
  const nlohmann::json cp = {{"format", kCheckpointFormat},      {"config", options.config},
                             {"n_told", told},                   {"optimizer", optimizer.state()},
                             {"optimizer_name", optimizer.name()}, {"best_index", report.best_index},
                             {"best_loss", report.best_index >= 0 ? nlohmann::json(best_loss) : nlohmann::json()}};
  if (report.best_index >= 0) {
    transition::write_transition_file(options.run_dir / kBestTransitionFile, {options.transition, report.best, options.model});
    write_best_loss_plot(options.run_dir / kBestLossPlot, history, "search (" + optimizer.name() + ")");
  }
  io::write_file_atomic(options.run_dir / kCheckpointFile, cp.dump(1) + "\n");
}

// Evaluations per minute since `since`.
double per_minute(int64_t n, std::chrono::steady_clock::time_point since) {
  const double minutes = std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count() / 60.0;
  return minutes > 0 ? static_cast<double>(n) / minutes : 0.0;
}

// The progress line's detail: the best loss so far and the speed.
std::string progress_detail(double best_loss, int64_t n_evaluated, std::chrono::steady_clock::time_point since) {
  char detail[96];
  std::snprintf(detail, sizeof detail, "best %.4g, %.1f eval/min", best_loss, per_minute(n_evaluated, since));
  return detail;
}

// The rows of one round: those the journal holds for the same points (replayed) and the candidates to evaluate.
// A journal row at a point the optimiser no longer asks ends the journal's use: it and every later row are
// dropped (and history.csv rewritten without them).
struct Round {
  std::vector<std::optional<HistoryRow>> rows;
  std::vector<Candidate> candidates;
  int64_t n_replayed = 0;
  bool journal_cut = false;  // rows were dropped: history.csv must be rewritten
};

// The round of the points `xs` asked as evaluations first, first + 1, ...; a replayed point takes the journal's
// exact coefficients.
Round plan_round(std::vector<std::vector<double>>& xs, int64_t first, std::map<int64_t, HistoryRow>& journal,
                 double tolerance) {
  Round round;
  for (size_t k = 0; k < xs.size(); ++k) {
    const int64_t index = first + static_cast<int64_t>(k);
    const auto found = journal.find(index);
    if (found != journal.end() && same_point(found->second.a, xs[k], tolerance)) {
      round.rows.push_back(found->second);  // evaluated before the kill: reuse it
      xs[k] = found->second.a;
      ++round.n_replayed;
      continue;
    }
    if (found != journal.end()) {
      journal.erase(found, journal.end());
      round.journal_cut = true;
    }
    round.rows.emplace_back();
    round.candidates.push_back({index, xs[k]});
  }
  return round;
}

}  // namespace

SearchReport run_search(optim::Optimizer& optimizer, const ObjectiveFunction& objective, const SearchRunOptions& options) {
  LocalEvaluator evaluator(objective);
  return run_search(optimizer, evaluator, options);
}

SearchReport run_search(optim::Optimizer& optimizer, BatchEvaluator& evaluator, const SearchRunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const int64_t n_dims = options.transition.n_matrices;
  const bool has_run = prepare_run_dir(options);
  const fs::path history_path = options.run_dir / kHistoryFile;
  ResumedRun resumed = has_run ? resume_run(optimizer, options) : ResumedRun{};
  std::vector<HistoryRow>& history = resumed.history;
  std::map<int64_t, HistoryRow>& journal = resumed.journal;
  const int64_t n_told = resumed.n_told;
  // history.csv holds the told rows and the journal (the torn line, if any, dropped).
  write_history(history_path, concatenated(history, journal), n_dims);
  auto journal_file = std::make_unique<Journal>(history_path);

  SearchReport report;
  double best_loss = std::numeric_limits<double>::infinity();
  auto consider = [&](const HistoryRow& row) {
    if (row.loss < best_loss) {
      best_loss = row.loss;
      report.best_index = row.index;
      report.best = row.a;
    }
  };
  for (const auto& r : history) consider(r);

  auto checkpoint = [&](int64_t told) { write_checkpoint(options, optimizer, history, report, best_loss, told); };

  if (!has_run) checkpoint(0);  // records the configuration, so a resume with other settings is refused
  io::Progress progress("search", options.budget, options.show_progress);
  progress.resume_from(n_told);
  const double tolerance = 1e-9 * (1.0 + std::abs(options.transition.box));
  int64_t i = n_told;
  int64_t last_checkpoint = n_told;
  const auto loop_start = std::chrono::steady_clock::now();
  while (i < options.budget) {
    const int64_t n = std::min(optimizer.preferred_batch(), options.budget - i);
    std::vector<std::vector<double>> xs = optimizer.ask(n);
    Round round = plan_round(xs, i, journal, tolerance);
    report.n_replayed += round.n_replayed;
    progress.advance(round.n_replayed, progress_detail(best_loss, report.n_evaluated, loop_start));
    if (round.journal_cut) {
      journal_file.reset();
      write_history(history_path, concatenated(history, journal), n_dims);
      journal_file = std::make_unique<Journal>(history_path);
    }
    evaluator.evaluate(round.candidates, [&](HistoryRow row) {
      if (!std::isfinite(row.loss)) throw Error("search: evaluation " + std::to_string(row.index) + " gave a non-finite loss");
      journal_file->append(row);
      ++report.n_evaluated;
      round.rows[static_cast<size_t>(row.index - i)] = std::move(row);
      progress.advance(1, progress_detail(best_loss, report.n_evaluated, loop_start));
    });
    std::vector<double> ys;
    for (std::optional<HistoryRow>& row : round.rows) {
      if (!row) throw Error("search: an evaluation of the round was never reported");
      consider(*row);
      ys.push_back(row->loss);
      history.push_back(*std::move(row));
    }
    optimizer.tell(xs, ys);
    i += n;
    if (i - last_checkpoint >= options.checkpoint_every || i >= options.budget) {
      checkpoint(i);
      last_checkpoint = i;
    }
  }
  progress.finish();
  report.n_evaluations = static_cast<int64_t>(history.size());
  report.best_loss = best_loss;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.evaluations_per_minute = per_minute(report.n_evaluated, loop_start);
  return report;
}

}  // namespace vec2midi::search
