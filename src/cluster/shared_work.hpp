// A list of jobs spread over the ranks of an MPI run (issue 30): rank 0 hands the jobs out one at a time to whichever
// rank is free and works through the list on a thread of its own as well; every other rank runs serve_work until rank
// 0 calls stop_workers. A job is a byte string whose result is another; what a job computes must not depend on the
// rank that runs it. In a world of one, rank 0's thread does every job. Used by the search (a round's candidates) and
// by batch compose and evaluate (a list of pictures or test draws).
// Usage (every rank builds the same `work`):
//   if (world.rank() == 0) { share_work(world, jobs, work, [&](size_t k, std::string r) { save(k, r); }); stop_workers(world); }
//   else serve_work(world, work);
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "cluster/world.hpp"

namespace vec2midi::cluster {

/// What a job computes from its bytes, on any rank (on rank 0 on a thread of its own). A throw fails the job.
using Work = std::function<std::string(std::string_view job)>;

/// Called on rank 0's calling thread once per finished job, in the order they finish: the job's position in the
/// list and its result. It may throw, which stops handing out jobs and leaves share_work with that error.
using JobDone = std::function<void(size_t job, std::string result)>;

/// Rank 0: runs every job of `jobs` on the ranks (and its own thread) and calls `done` for each. Returns when all
/// are done. Throws Error naming the rank and the failure when a job failed on another rank, or rethrows the error
/// of a job on rank 0. Jobs other ranks hold when it throws are left to them (stop_workers ends them).
void share_work(const World& world, std::span<const std::string> jobs, const Work& work, const JobDone& done);

/// Every rank but 0: runs the jobs rank 0 sends and sends back their results, until rank 0 calls stop_workers. A
/// failed job is reported to rank 0 (with the error's message) and the loop goes on.
void serve_work(const World& world, const Work& work);

/// Rank 0: tells every other rank to leave serve_work (a rank that is gone is skipped). Does nothing in a world of one.
void stop_workers(const World& world);

/// Rank 0: calls stop_workers when it goes out of scope, also when the run ends with an error.
class WorkersStop {
 public:
  explicit WorkersStop(const World& world) : world_(world) {}
  ~WorkersStop() { stop_workers(world_); }
  WorkersStop(const WorkersStop&) = delete;
  WorkersStop& operator=(const WorkersStop&) = delete;

 private:
  const World& world_;
};

}  // namespace vec2midi::cluster
