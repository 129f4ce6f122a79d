#include "search/search_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <future>
#include <limits>
#include <map>
#include <optional>

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

bool same_point(const std::vector<double>& a, const std::vector<double>& b, double tolerance) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!(std::abs(a[i] - b[i]) <= tolerance)) return false;
  }
  return true;
}

}  // namespace

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
  std::vector<std::vector<double>> pending_round;  // asked before the checkpoint, not yet told (--ask-ahead)
};

ResumedRun resume_run(optim::Optimizer& optimizer, const SearchRunOptions& options) {
  const fs::path history_path = options.run_dir / kHistoryFile;
  const fs::path checkpoint_path = options.run_dir / kCheckpointFile;
  ResumedRun run;
  if (fs::exists(history_path)) run.history = read_history(history_path, options.transition.n_matrices);
  if (fs::exists(checkpoint_path)) {
    const nlohmann::json cp = read_checkpoint(checkpoint_path, options.config);
    try {
      run.n_told = cp.at("n_told").get<int64_t>();
      if (run.n_told < 0 || run.n_told > static_cast<int64_t>(run.history.size())) {
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
      run.pending_round = cp.value("pending_round", std::vector<std::vector<double>>{});
    } catch (const nlohmann::json::exception& e) {
      throw InputError(checkpoint_path.string() + ": a malformed checkpoint (" + e.what() + ")");
    }
    for (const auto& a : run.pending_round) {
      if (static_cast<int64_t>(a.size()) != options.transition.n_matrices) {
        throw InputError(checkpoint_path.string() + ": its pending round has a point of " + std::to_string(a.size()) +
                         " coefficients, not " + std::to_string(options.transition.n_matrices));
      }
    }
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

// The optimiser's state after `told` evaluations, with the round asked before it and not yet told (ask-ahead).
struct OptimizerSnapshot {
  int64_t told = 0;
  nlohmann::json state;
  std::vector<std::vector<double>> pending_round;
};

// Writes checkpoint.json from a snapshot, with the best transition so far and the best-loss chart.
void write_checkpoint(const SearchRunOptions& options, const optim::Optimizer& optimizer, const OptimizerSnapshot& snapshot,
                      const std::vector<HistoryRow>& history, const SearchReport& report, double best_loss) {
  nlohmann::json cp = {{"format", kCheckpointFormat},      {"config", options.config},
                       {"n_told", snapshot.told},          {"optimizer", snapshot.state},
                       {"optimizer_name", optimizer.name()}, {"best_index", report.best_index},
                       {"best_loss", report.best_index >= 0 ? nlohmann::json(best_loss) : nlohmann::json()}};
  if (!snapshot.pending_round.empty()) cp["pending_round"] = snapshot.pending_round;
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
      xs[k] = found->second.a;
      round.rows.push_back(std::move(found->second));  // evaluated before the kill: reuse it (it leaves the journal
      journal.erase(found);                             // for the history, so a later cut cannot write it twice)
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

// A round evaluated and not yet told to the optimiser.
struct FinishedRound {
  std::vector<std::vector<double>> xs;
  std::vector<double> ys;
  int64_t end = 0;  // evaluations after it
};

// What the optimiser's step between rounds gives: the next round, and its state when a checkpoint was due.
struct StepResult {
  std::vector<std::vector<double>> next;
  std::optional<OptimizerSnapshot> snapshot;
};

// One call of run_search: the run folder, its history and journal, the report and the checkpoint writer.
class SearchLoop {
 public:
  SearchLoop(optim::Optimizer& optimizer, BatchEvaluator& evaluator, const SearchRunOptions& options)
      : optimizer_(optimizer),
        evaluator_(evaluator),
        options_(options),
        history_path_(options.run_dir / kHistoryFile),
        tolerance_(1e-9 * (1.0 + std::abs(options.transition.box))) {
    if (options.ask_ahead && !optimizer.can_ask_ahead()) {
      throw InputError("search: asking ahead needs an optimiser that can ask before it is told (random or bo), not " +
                       optimizer.name());
    }
    const bool has_run = prepare_run_dir(options);
    if (has_run) resumed_ = resume_run(optimizer, options);
    rewrite_history();  // the told rows and the journal (a torn last line dropped)
    for (const auto& r : resumed_.history) consider(r);
    if (!has_run) checkpoint({0, optimizer.state(), {}});  // the configuration: a resume with other settings is refused
    progress_.emplace("search", options.budget, options.show_progress);  // its clock starts after the resume
    progress_->resume_from(resumed_.n_told);
    last_checkpoint_ = resumed_.n_told;
  }

  SearchReport run() {
    int64_t i = resumed_.n_told;
    std::vector<std::vector<double>> xs = resumed_.pending_round;  // asked ahead before the checkpoint
    if (static_cast<int64_t>(xs.size()) > options_.budget - i) {
      xs.resize(static_cast<size_t>(std::max<int64_t>(0, options_.budget - i)));
    }
    if (xs.empty() && i < options_.budget) xs = optimizer_.ask(round_size(i));
    std::optional<FinishedRound> finished;  // ask-ahead: the round before xs, told while xs is evaluated
    loop_start_ = std::chrono::steady_clock::now();
    while (!xs.empty()) {
      const int64_t n = static_cast<int64_t>(xs.size());
      Round round = plan_round(xs, i, resumed_.journal, tolerance_);
      report_.n_replayed += round.n_replayed;
      progress_->advance(round.n_replayed, progress_detail(best_loss_, report_.n_evaluated, loop_start_));
      if (round.journal_cut) rewrite_history();
      std::future<StepResult> ahead;
      if (options_.ask_ahead) {
        const int64_t n_next = i + n < options_.budget ? round_size(i + n) : 0;
        ahead = std::async(std::launch::async, [this, f = std::move(finished), in_flight = xs, n_next]() mutable {
          return step(std::move(f), in_flight, n_next);
        });
        finished.reset();
      }
      FinishedRound done = evaluate(round, xs, i);  // (an error waits for `ahead` as it is destroyed)
      i += n;
      StepResult next;
      if (options_.ask_ahead) {
        next = ahead.get();
        finished = std::move(done);
      } else {
        next = step(std::move(done), {}, i < options_.budget ? round_size(i) : 0);
      }
      if (next.snapshot) checkpoint(*next.snapshot);
      xs = std::move(next.next);
    }
    if (finished) {  // ask-ahead: the last round is told after the loop
      const StepResult last = step(std::move(finished), {}, 0);
      if (last.snapshot) checkpoint(*last.snapshot);
    }
    if (writing_.valid()) writing_.get();
    progress_->finish();
    report_.n_evaluations = static_cast<int64_t>(resumed_.history.size());
    report_.best_loss = best_loss_;
    report_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    report_.evaluations_per_minute = per_minute(report_.n_evaluated, loop_start_);
    return report_;
  }

 private:
  // Evaluates the round's candidates (the replayed rows are in it already), journaling each as it finishes.
  FinishedRound evaluate(Round& round, const std::vector<std::vector<double>>& xs, int64_t first) {
    evaluator_.evaluate(round.candidates, [&](HistoryRow row) {
      if (!std::isfinite(row.loss)) throw Error("search: evaluation " + std::to_string(row.index) + " gave a non-finite loss");
      journal_file_->append(row);
      ++report_.n_evaluated;
      round.rows[static_cast<size_t>(row.index - first)] = std::move(row);
      progress_->advance(1, progress_detail(best_loss_, report_.n_evaluated, loop_start_));
    });
    FinishedRound done{.xs = xs, .ys = {}, .end = first + static_cast<int64_t>(xs.size())};
    for (std::optional<HistoryRow>& row : round.rows) {
      if (!row) throw Error("search: an evaluation of the round was never reported");
      consider(*row);
      done.ys.push_back(row->loss);
      resumed_.history.push_back(*std::move(row));
    }
    return done;
  }

  // The optimiser's step between rounds: tell the finished round, snapshot its state when a checkpoint is due, ask
  // the next round. Without ask-ahead it runs between two rounds; with it, in a thread while the round after the
  // finished one (`in_flight`, pending in the optimiser) is evaluated, so rank 0's optimiser work leaves the
  // critical path as long as it is shorter than a round.
  StepResult step(std::optional<FinishedRound> finished, const std::vector<std::vector<double>>& in_flight, int64_t n_next) {
    StepResult out;
    if (finished) {
      optimizer_.tell(finished->xs, finished->ys);
      if (finished->end - last_checkpoint_ >= options_.checkpoint_every || finished->end >= options_.budget) {
        out.snapshot = OptimizerSnapshot{finished->end, optimizer_.state(), in_flight};
        last_checkpoint_ = finished->end;
      }
    }
    if (n_next > 0) out.next = optimizer_.ask(n_next);
    return out;
  }

  // Checkpoints are written in a thread of their own (the chart of a long history takes tens of ms), from copies;
  // one at a time, the last one waited for before the run returns (a future from std::async waits when destroyed).
  void checkpoint(const OptimizerSnapshot& snapshot) {
    if (writing_.valid()) writing_.get();
    writing_ = std::async(std::launch::async, [this, snapshot, history = resumed_.history, report = report_,
                                                best = best_loss_] {
      write_checkpoint(options_, optimizer_, snapshot, history, report, best);
    });
  }

  void consider(const HistoryRow& row) {
    if (row.loss < best_loss_) {
      best_loss_ = row.loss;
      report_.best_index = row.index;
      report_.best = row.a;
    }
  }

  // history.csv as the told rows and the journal, reopened for appending.
  void rewrite_history() {
    journal_file_.reset();
    write_history(history_path_, concatenated(resumed_.history, resumed_.journal), options_.transition.n_matrices);
    journal_file_ = std::make_unique<Journal>(history_path_);
  }

  int64_t round_size(int64_t from) const { return std::min(optimizer_.preferred_batch(), options_.budget - from); }

  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  optim::Optimizer& optimizer_;
  BatchEvaluator& evaluator_;
  const SearchRunOptions& options_;
  fs::path history_path_;
  ResumedRun resumed_;  // the history (told rows, then this call's), the journal past the checkpoint
  std::unique_ptr<Journal> journal_file_;
  std::optional<io::Progress> progress_;
  double tolerance_;
  SearchReport report_;
  double best_loss_ = std::numeric_limits<double>::infinity();
  int64_t last_checkpoint_ = 0;
  std::chrono::steady_clock::time_point loop_start_;
  std::future<void> writing_;  // last: destroyed (waited for) first
};

}  // namespace

SearchReport run_search(optim::Optimizer& optimizer, BatchEvaluator& evaluator, const SearchRunOptions& options) {
  return SearchLoop(optimizer, evaluator, options).run();
}

SearchReport run_search(optim::Optimizer& optimizer, const ObjectiveFunction& objective, const SearchRunOptions& options) {
  LocalEvaluator evaluator(objective);
  return run_search(optimizer, evaluator, options);
}

}  // namespace vec2midi::search
