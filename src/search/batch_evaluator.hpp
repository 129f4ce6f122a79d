// How a search round's candidates are evaluated: one after the other in this process (LocalEvaluator), or spread
// over the ranks of an MPI run (cluster_evaluator.hpp). Each finished evaluation is handed back at once, so the run
// journals it before the round ends and a kill loses no finished evaluation.
// Usage: LocalEvaluator e(objective); e.evaluate(candidates, [&](HistoryRow row) { journal.append(row); });
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "search/search_run.hpp"

namespace vec2midi::search {

/// One candidate of a round: its evaluation number and coefficients.
struct Candidate {
  int64_t index = 0;
  std::vector<double> a;
};

/// Called once per finished evaluation, in the order they finish (not necessarily index order).
using EvaluationDone = std::function<void(HistoryRow row)>;

/// Evaluates a round's candidates; `done` may throw, which stops the round and leaves evaluate() with that error.
class BatchEvaluator {
 public:
  virtual ~BatchEvaluator() = default;
  virtual void evaluate(std::span<const Candidate> candidates, const EvaluationDone& done) = 0;
};

/// Evaluation `index` of the objective at `a`, timed (the loss unchecked: run_search refuses a non-finite one).
HistoryRow evaluate_row(const ObjectiveFunction& objective, int64_t index, std::vector<double> a);

/// Every candidate in this process, in index order.
class LocalEvaluator : public BatchEvaluator {
 public:
  explicit LocalEvaluator(ObjectiveFunction objective) : objective_(std::move(objective)) {}
  void evaluate(std::span<const Candidate> candidates, const EvaluationDone& done) override;

 private:
  ObjectiveFunction objective_;
};

}  // namespace vec2midi::search
