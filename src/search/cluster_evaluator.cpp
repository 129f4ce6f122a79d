#include "search/cluster_evaluator.hpp"

#include <string>
#include <vector>

#include "cluster/shared_work.hpp"
#include "io/error.hpp"

namespace vec2midi::search {
namespace {

// A candidate as a job: [index, a...]; its result: [index, loss, seconds].
std::string job_bytes(const Candidate& c) {
  std::vector<double> values{static_cast<double>(c.index)};
  values.insert(values.end(), c.a.begin(), c.a.end());
  return cluster::to_bytes(values);
}

// On another rank a failure is named by its evaluation ("rank 2: evaluation 17: ..." on rank 0); rank 0's own
// thread passes its error on as it is.
cluster::Work evaluation_work(const ObjectiveFunction& objective, bool name_failures) {
  return [&objective, name_failures](std::string_view job) {
    const std::vector<double> values = cluster::doubles_of(job);
    if (values.empty()) throw Error("search: an empty candidate");
    const auto index = static_cast<int64_t>(values[0]);
    try {
      const HistoryRow row = evaluate_row(objective, index, std::vector<double>(values.begin() + 1, values.end()));
      return cluster::to_bytes(std::vector<double>{static_cast<double>(index), row.loss, row.seconds});
    } catch (const std::exception& e) {
      if (!name_failures) throw;
      throw Error("evaluation " + std::to_string(index) + ": " + e.what());
    }
  };
}

}  // namespace

ClusterEvaluator::ClusterEvaluator(const cluster::World& world, ObjectiveFunction objective)
    : world_(world), objective_(std::move(objective)) {
  if (world_.rank() != 0) throw Error("ClusterEvaluator: only rank 0 hands out evaluations");
}

ClusterEvaluator::~ClusterEvaluator() { cluster::stop_workers(world_); }

void ClusterEvaluator::evaluate(std::span<const Candidate> candidates, const EvaluationDone& done) {
  std::vector<std::string> jobs;
  for (const Candidate& c : candidates) jobs.push_back(job_bytes(c));
  cluster::share_work(world_, jobs, evaluation_work(objective_, false), [&](size_t k, const std::string& result) {
    const std::vector<double> r = cluster::doubles_of(result);
    if (r.size() != 3 || static_cast<int64_t>(r[0]) != candidates[k].index) throw Error("search: a malformed result");
    done(HistoryRow{.index = candidates[k].index, .loss = r[1], .seconds = r[2], .a = candidates[k].a});
  });
}

void serve_evaluations(const cluster::World& world, const ObjectiveFunction& objective) {
  cluster::serve_work(world, evaluation_work(objective, true));
}

}  // namespace vec2midi::search
