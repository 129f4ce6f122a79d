#include "search/cluster_evaluator.hpp"

#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "io/error.hpp"

namespace vec2midi::search {
namespace {

// Message tags: a candidate [index, a...], its result [index, loss, seconds], a failure "index\nmessage", stop.
enum Tag : int { kJob = 1, kResult = 2, kFailed = 3, kStop = 4 };

std::string job_bytes(const Candidate& c) {
  std::vector<double> values{static_cast<double>(c.index)};
  values.insert(values.end(), c.a.begin(), c.a.end());
  return cluster::to_bytes(values);
}

// The candidates not yet handed out, shared by the sending thread and rank 0's evaluation thread.
class Queue {
 public:
  explicit Queue(size_t n) : n_(n) {}
  std::optional<size_t> take() {
    const std::lock_guard lock(mutex_);
    if (stopped_ || next_ >= n_) return std::nullopt;
    return next_++;
  }
  void stop() {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
  }

 private:
  std::mutex mutex_;
  size_t n_ = 0, next_ = 0;
  bool stopped_ = false;
};

// What rank 0's own evaluation thread finished (or the error it met), collected by the sending thread.
struct LocalResults {
  std::mutex mutex;
  std::vector<HistoryRow> rows;
  std::exception_ptr error;

  std::vector<HistoryRow> take() {
    const std::lock_guard lock(mutex);
    if (error) std::rethrow_exception(error);
    return std::exchange(rows, {});
  }
};

}  // namespace

ClusterEvaluator::ClusterEvaluator(const cluster::World& world, ObjectiveFunction objective)
    : world_(world), objective_(std::move(objective)) {
  if (world_.rank() != 0) throw Error("ClusterEvaluator: only rank 0 hands out evaluations");
}

ClusterEvaluator::~ClusterEvaluator() {
  for (int r = 1; r < world_.size(); ++r) {
    try {
      world_.send(r, kStop, {});
    } catch (const std::exception&) {  // a rank that is gone needs no stop
    }
  }
}

void ClusterEvaluator::evaluate(std::span<const Candidate> candidates, const EvaluationDone& done) {
  Queue queue(candidates.size());
  std::unordered_map<int64_t, size_t> position;
  for (size_t k = 0; k < candidates.size(); ++k) position[candidates[k].index] = k;
  for (int r = 1; r < world_.size(); ++r) {
    if (const auto k = queue.take()) world_.send(r, kJob, job_bytes(candidates[*k]));
  }
  LocalResults local;
  std::thread own([&] {
    try {
      while (const auto k = queue.take()) {
        HistoryRow row = evaluate_row(objective_, candidates[*k].index, candidates[*k].a);
        const std::lock_guard lock(local.mutex);
        local.rows.push_back(std::move(row));
      }
    } catch (...) {
      const std::lock_guard lock(local.mutex);
      local.error = std::current_exception();
    }
  });
  try {
    size_t finished = 0;
    while (finished < candidates.size()) {
      for (HistoryRow& row : local.take()) {
        done(std::move(row));
        ++finished;
      }
      const std::optional<cluster::Message> message = world_.poll();
      if (!message) {
        world_.pause();
        continue;
      }
      if (message->tag == kFailed) {
        throw Error("search: rank " + std::to_string(message->source) + ", evaluation " + message->bytes);
      }
      if (message->tag != kResult) throw Error("search: unexpected message from rank " + std::to_string(message->source));
      const std::vector<double> r = cluster::doubles_of(message->bytes);
      const auto it = r.size() == 3 ? position.find(static_cast<int64_t>(r[0])) : position.end();
      if (it == position.end()) throw Error("search: rank " + std::to_string(message->source) + " sent an unknown result");
      if (const auto k = queue.take()) world_.send(message->source, kJob, job_bytes(candidates[*k]));
      done(HistoryRow{.index = it->first, .loss = r[1], .seconds = r[2], .a = candidates[it->second].a});
      ++finished;
    }
  } catch (...) {
    queue.stop();
    own.join();
    throw;
  }
  own.join();
}

void serve_evaluations(const cluster::World& world, const ObjectiveFunction& objective) {
  while (true) {
    const cluster::Message message = world.receive();
    if (message.tag == kStop) return;
    if (message.tag != kJob || message.source != 0) throw Error("search: a worker rank got an unexpected message");
    const std::vector<double> values = cluster::doubles_of(message.bytes);
    if (values.empty()) throw Error("search: an empty candidate");
    const auto index = static_cast<int64_t>(values[0]);
    try {
      const HistoryRow row = evaluate_row(objective, index, std::vector<double>(values.begin() + 1, values.end()));
      world.send(0, kResult, cluster::to_bytes(std::vector<double>{static_cast<double>(index), row.loss, row.seconds}));
    } catch (const std::exception& e) {
      world.send(0, kFailed, std::to_string(index) + ": " + e.what());
    }
  }
}

}  // namespace vec2midi::search
