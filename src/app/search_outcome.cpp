#include "app/search_outcome.hpp"

#include <iostream>
#include <sstream>

#include "app/cli.hpp"
#include "io/atomic_file.hpp"
#include "io/random_stream.hpp"
#include "transition/transition_file.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

nlohmann::json reselection_json(const search::Reselection& r, const search::ReselectionOptions& o) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const auto& c : r.candidates) {
    candidates.push_back({{"index", c.index}, {"search_loss", c.search_loss}, {"mean", c.mean},
                          {"stddev", c.stddev}, {"losses", c.losses}});
  }
  return {{"by", "loss"}, {"top", o.top}, {"draws", o.draws}, {"first_index", o.first_index},
          {"chosen_index", r.candidates[r.chosen].index}, {"chosen_mean", r.candidates[r.chosen].mean},
          {"candidates", candidates}};
}

nlohmann::json validation_json(const search::Validation& v, int64_t top, uint64_t validation_seed) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const auto& c : v.candidates) {
    candidates.push_back({{"index", c.index}, {"search_loss", c.search_loss}, {"tpr_at_fpr_1e-3", c.score.tpr},
                          {"auc", c.score.auc}});
  }
  const auto& chosen = v.candidates[v.chosen];
  return {{"by", "validation"}, {"top", top}, {"validation_data_seed", validation_seed},
          {"validation_stream", io::stream_name(io::Stream::validation_data)},
          {"chosen_index", chosen.index}, {"chosen_tpr_at_fpr_1e-3", chosen.score.tpr},
          {"chosen_auc", chosen.score.auc}, {"candidates", candidates}};
}

}  // namespace

Reselected reselect_run(const fs::path& dir, const search::ObjectiveFunction& objective,
                        const search::SearchRunOptions& run, const SearchArgs& args,
                        const search::ValidationFunction& validate,
                        uint64_t validation_seed) {
  const auto history = search::read_history(dir / search::kHistoryFile, args.transition.n_matrices);
  std::ostringstream measure;
  std::size_t row = 0;
  Reselected out;
  nlohmann::json doc;
  if (args.reselect_by == "validation") {
    const search::Validation v = search::select_by_validation(history, validate, args.reselect, run.show_progress);
    const auto& c = v.candidates[v.chosen];
    row = c.row;
    out = {c.index, c.search_loss, ""};
    measure << "validation TPR at FPR <= 1e-3 " << c.score.tpr << ", AUC " << c.score.auc;
    doc = validation_json(v, args.reselect, validation_seed);
  } else {
    const search::ReselectionOptions o{.top = args.reselect, .draws = args.reselect_draws,
                                       .show_progress = run.show_progress};
    const search::Reselection r = search::reselect_best(history, objective, o);
    const auto& c = r.candidates[r.chosen];
    row = c.row;
    out = {c.index, c.search_loss, ""};
    measure << "mean of " << o.draws << " fresh evaluations " << c.mean << " ± " << c.stddev;
    doc = reselection_json(r, o);
  }
  out.measure = measure.str();
  transition::write_transition_file(dir / search::kReselectedTransitionFile, {run.transition, history[row].a, run.model});
  io::write_file_atomic(dir / search::kReselectionFile, doc.dump(1) + "\n");
  return out;
}

void print_report(const SearchArgs& args, int64_t budget, const search::SearchReport& report,
                  const std::optional<Reselected>& reselected) {
  const fs::path dir(args.run_dir);
  if (args.json) {
    nlohmann::json out = {{"run_dir", dir.string()},
                          {"optimizer", args.optimizer},
                          {"budget", budget},
                          {"n_evaluations", report.n_evaluations},
                          {"n_evaluated", report.n_evaluated},
                          {"n_replayed", report.n_replayed},
                          {"best_index", report.best_index},
                          {"best_loss", report.best_loss},
                          {"seconds", report.seconds},
                          {"evaluations_per_minute", report.evaluations_per_minute},
                          {"best_transition", (dir / search::kBestTransitionFile).string()},
                          {"history", (dir / search::kHistoryFile).string()},
                          {"plot", (dir / search::kBestLossPlot).string()}};
    if (reselected) {
      out["reselected_index"] = reselected->index;
      out["reselected_by"] = args.reselect_by;
      out["reselected_measure"] = reselected->measure;
      out["reselected_transition"] = (dir / search::kReselectedTransitionFile).string();
      out["reselection"] = (dir / search::kReselectionFile).string();
    }
    print_json(out);
    return;
  }
  std::cout << args.optimizer << ": " << report.n_evaluations << " evaluations (" << report.n_evaluated
            << " this run), best loss " << report.best_loss << " at evaluation " << report.best_index << ", "
            << report.evaluations_per_minute << " evaluations/min\nbest transition: "
            << (dir / search::kBestTransitionFile).string() << "\n";
  if (reselected) {
    std::cout << "re-selected: evaluation " << reselected->index << " (search loss " << reselected->search_loss
              << ", " << reselected->measure << ")\nre-selected transition: "
              << (dir / search::kReselectedTransitionFile).string() << "\n";
  }
}

}  // namespace vec2midi::app
