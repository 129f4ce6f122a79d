#include "search/reselection.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <string>

#include "io/error.hpp"
#include "io/progress.hpp"

namespace vec2midi::search {

namespace {

// Positions of the min(top, size) lowest search losses, best first (ties: the earlier evaluation).
std::vector<std::size_t> best_rows(const std::vector<HistoryRow>& history, int64_t top) {
  if (history.empty()) throw InputError("re-selection needs a search history with at least one evaluation");
  if (top < 1) throw InputError("re-selection needs top >= 1");
  std::vector<std::size_t> order(history.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const std::size_t n = std::min(order.size(), static_cast<std::size_t>(top));
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(),
                    [&](std::size_t x, std::size_t y) {
                      return history[x].loss != history[y].loss ? history[x].loss < history[y].loss
                                                                : history[x].index < history[y].index;
                    });
  order.resize(n);
  return order;
}

std::string candidate_detail(std::size_t k, std::size_t n, int64_t index) {
  std::ostringstream detail;
  detail << "candidate " << k + 1 << "/" << n << " (evaluation " << index << ")";
  return detail.str();
}

}  // namespace

Reselection reselect_best(const std::vector<HistoryRow>& history, const ObjectiveFunction& objective,
                          const ReselectionOptions& options) {
  if (options.draws < 1) throw InputError("re-selection needs draws >= 1");
  const std::vector<std::size_t> order = best_rows(history, options.top);
  const std::size_t n = order.size();

  Reselection result;
  io::Progress progress("re-select", static_cast<int64_t>(n) * options.draws, options.show_progress);
  for (std::size_t k = 0; k < n; ++k) {
    const HistoryRow& row = history[order[k]];
    ReselectedCandidate c{.row = order[k], .index = row.index, .search_loss = row.loss, .losses = {}};
    for (int64_t d = 0; d < options.draws; ++d) {
      c.losses.push_back(objective(row.a, options.first_index + static_cast<int64_t>(k) * options.draws + d));
      progress.advance(1, candidate_detail(k, n, row.index));
    }
    const double count = static_cast<double>(c.losses.size());
    c.mean = std::accumulate(c.losses.begin(), c.losses.end(), 0.0) / count;
    double squares = 0.0;
    for (double l : c.losses) squares += (l - c.mean) * (l - c.mean);
    c.stddev = c.losses.size() > 1 ? std::sqrt(squares / (count - 1.0)) : 0.0;
    // Candidates come in search-loss order, so a strict < keeps the better search loss on a tie.
    if (k == 0 || c.mean < result.candidates[result.chosen].mean) result.chosen = k;
    result.candidates.push_back(std::move(c));
  }
  progress.finish();
  return result;
}

Validation select_by_validation(const std::vector<HistoryRow>& history, const ValidationFunction& validate,
                                int64_t top, bool show_progress) {
  const std::vector<std::size_t> order = best_rows(history, top);
  Validation result;
  io::Progress progress("validate", static_cast<int64_t>(order.size()), show_progress);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const HistoryRow& row = history[order[k]];
    result.candidates.push_back({.row = order[k], .index = row.index, .search_loss = row.loss, .score = validate(row.a)});
    const ValidationScore& s = result.candidates.back().score;
    const ValidationScore& best = result.candidates[result.chosen].score;
    // Candidates come in search-loss order, so strict comparisons keep the better search loss on a tie.
    if (k > 0 && (s.tpr > best.tpr || (s.tpr == best.tpr && s.auc > best.auc))) result.chosen = k;
    progress.advance(1, candidate_detail(k, order.size(), row.index));
  }
  progress.finish();
  return result;
}

}  // namespace vec2midi::search
