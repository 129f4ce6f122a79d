#include "cluster/shared_work.hpp"

#include <cstdint>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include "io/error.hpp"

namespace vec2midi::cluster {
namespace {

// Message tags: a job [position, bytes], its result [position, bytes], a failure [position, message], stop.
enum Tag : int { kJob = 11, kResult = 12, kFailed = 13, kStop = 14 };

std::string with_position(uint64_t position, std::string_view bytes) {
  std::string message(sizeof position, '\0');
  std::memcpy(message.data(), &position, sizeof position);
  message.append(bytes);
  return message;
}

std::pair<uint64_t, std::string_view> split_position(std::string_view message) {
  uint64_t position = 0;
  if (message.size() < sizeof position) throw Error("cluster: a message shorter than its job number");
  std::memcpy(&position, message.data(), sizeof position);
  return {position, message.substr(sizeof position)};
}

// The jobs not yet handed out, shared by the sending thread and rank 0's own worker thread.
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

// What rank 0's own thread finished (or the error it met), collected by the sending thread.
struct LocalResults {
  std::mutex mutex;
  std::vector<std::pair<size_t, std::string>> results;
  std::exception_ptr error;

  std::vector<std::pair<size_t, std::string>> take() {
    const std::lock_guard lock(mutex);
    if (error) std::rethrow_exception(error);
    return std::exchange(results, {});
  }
};

// Hands the next job (if any) to rank `to` and remembers it as out.
void hand_out(const World& world, Queue& queue, std::span<const std::string> jobs, std::unordered_set<size_t>& out, int to) {
  if (const auto k = queue.take()) {
    out.insert(*k);
    world.send(to, kJob, with_position(*k, jobs[*k]));
  }
}

// The sending thread's loop: results in, next jobs out, until every job is done.
void collect(const World& world, Queue& queue, std::span<const std::string> jobs, LocalResults& local,
             std::unordered_set<size_t>& out, const JobDone& done) {
  size_t finished = 0;
  while (finished < jobs.size()) {
    for (auto& [k, result] : local.take()) {
      done(k, std::move(result));
      ++finished;
    }
    const std::optional<Message> message = world.poll();
    if (!message) {
      world.pause();
      continue;
    }
    const auto [k, bytes] = split_position(message->bytes);
    if ((message->tag != kResult && message->tag != kFailed) || !out.contains(k)) {
      throw Error("cluster: unexpected message from rank " + std::to_string(message->source));
    }
    if (message->tag == kFailed) throw Error("rank " + std::to_string(message->source) + ": " + std::string(bytes));
    out.erase(k);
    hand_out(world, queue, jobs, out, message->source);
    done(k, std::string(bytes));
    ++finished;
  }
}

}  // namespace

void share_work(const World& world, std::span<const std::string> jobs, const Work& work, const JobDone& done) {
  if (world.rank() != 0) throw Error("share_work: only rank 0 hands out jobs");
  Queue queue(jobs.size());
  std::unordered_set<size_t> out;  // jobs other ranks hold
  for (int r = 1; r < world.size(); ++r) hand_out(world, queue, jobs, out, r);
  LocalResults local;
  std::thread own([&] {
    try {
      while (const auto k = queue.take()) {
        std::string result = work(jobs[*k]);
        const std::lock_guard lock(local.mutex);
        local.results.emplace_back(*k, std::move(result));
      }
    } catch (...) {
      const std::lock_guard lock(local.mutex);
      local.error = std::current_exception();
    }
  });
  try {
    collect(world, queue, jobs, local, out, done);
  } catch (...) {
    queue.stop();
    own.join();
    throw;
  }
  own.join();
}

void serve_work(const World& world, const Work& work) {
  while (true) {
    const Message message = world.receive();
    if (message.tag == kStop) return;
    if (message.tag != kJob || message.source != 0) throw Error("cluster: a worker rank got an unexpected message");
    const auto [k, job] = split_position(message.bytes);
    try {
      world.send(0, kResult, with_position(k, work(job)));
    } catch (const std::exception& e) {
      world.send(0, kFailed, with_position(k, e.what()));
    }
  }
}

void stop_workers(const World& world) {
  for (int r = 1; r < world.size(); ++r) {
    try {
      world.send(r, kStop, {});
    } catch (const std::exception&) {  // a rank that is gone needs no stop
    }
  }
}

}  // namespace vec2midi::cluster
