#include "search/batch_evaluator.hpp"

#include <chrono>

namespace vec2midi::search {

HistoryRow evaluate_row(const ObjectiveFunction& objective, int64_t index, std::vector<double> a) {
  const auto t0 = std::chrono::steady_clock::now();
  HistoryRow row;
  row.index = index;
  row.a = std::move(a);
  row.loss = objective(row.a, index);
  row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return row;
}

void LocalEvaluator::evaluate(std::span<const Candidate> candidates, const EvaluationDone& done) {
  for (const Candidate& c : candidates) done(evaluate_row(objective_, c.index, c.a));
}

}  // namespace vec2midi::search
