// A search round spread over the ranks of an MPI run (issue 30): rank 0 keeps the optimiser, the journal and the
// checkpoints and evaluates on a thread of its own; every other rank runs serve_evaluations until rank 0 says stop.
// Candidates go out one at a time to whichever rank is free, so ranks of unequal speed are all kept busy. An
// evaluation's loss depends only on (a, index), never on the rank that computed it.
// Usage (every rank builds the same objective):
//   if (world.rank() == 0) { ClusterEvaluator e(world, f); run_search(opt, e, options); } else serve_evaluations(world, f);
#pragma once

#include "cluster/world.hpp"
#include "search/batch_evaluator.hpp"

namespace vec2midi::search {

/// Rank 0's evaluator. The destructor tells every other rank to stop.
class ClusterEvaluator : public BatchEvaluator {
 public:
  ClusterEvaluator(const cluster::World& world, ObjectiveFunction objective);
  ~ClusterEvaluator() override;
  ClusterEvaluator(const ClusterEvaluator&) = delete;
  ClusterEvaluator& operator=(const ClusterEvaluator&) = delete;

  /// Throws Error naming the rank and the evaluation when a rank's evaluation failed.
  void evaluate(std::span<const Candidate> candidates, const EvaluationDone& done) override;

 private:
  const cluster::World& world_;
  ObjectiveFunction objective_;
};

/// The loop of every rank but 0: evaluates what rank 0 sends and sends back the loss, until told to stop. A failed
/// evaluation is reported to rank 0 (which ends the run with its message), and the loop goes on.
void serve_evaluations(const cluster::World& world, const ObjectiveFunction& objective);

}  // namespace vec2midi::search
