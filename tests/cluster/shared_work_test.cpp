// Shared work in a world of one process: rank 0's own thread does every job. The paths over several ranks are
// tested through mpirun (tests/app/cmd_search_mpi_test.cpp, tests/app/batch_compose_mpi_test.cpp).
#include "cluster/shared_work.hpp"

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace vec2midi::cluster {
namespace {

TEST(SharedWork, EveryJobIsDoneOnceWithItsOwnResult) {
  std::vector<std::string> jobs;
  for (int i = 0; i < 50; ++i) jobs.push_back("job" + std::to_string(i));
  std::map<size_t, std::string> results;
  share_work(World::get(), jobs, [](std::string_view job) { return std::string(job) + "!"; },
             [&](size_t k, std::string result) { EXPECT_TRUE(results.emplace(k, std::move(result)).second) << k; });
  ASSERT_EQ(results.size(), jobs.size());
  for (size_t k = 0; k < jobs.size(); ++k) EXPECT_EQ(results[k], jobs[k] + "!");
  stop_workers(World::get());  // nothing to stop in a world of one
}

TEST(SharedWork, NoJobsIsNoWork) {
  int calls = 0;
  share_work(World::get(), {}, [&](std::string_view) { ++calls; return std::string(); }, [&](size_t, std::string) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(SharedWork, AFailedJobEndsTheRunWithItsError) {
  const std::vector<std::string> jobs{"a", "b", "bad", "c", "d"};
  std::vector<std::string> finished;
  try {
    share_work(World::get(), jobs,
               [](std::string_view job) -> std::string {
                 if (job == "bad") throw InputError("bad: not a picture");
                 return std::string(job);
               },
               [&](size_t, std::string r) { finished.push_back(std::move(r)); });
    FAIL() << "the failed job was not reported";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "bad: not a picture");
  }
  EXPECT_LE(finished.size(), 2u);  // jobs after the failed one are not started
}

TEST(SharedWork, AThrowFromDoneStopsHandingOutJobs) {
  std::vector<std::string> jobs(100, "x");
  int started = 0;
  EXPECT_THROW(share_work(World::get(), jobs,
                          [&](std::string_view job) {
                            ++started;
                            std::this_thread::sleep_for(std::chrono::milliseconds(2));
                            return std::string(job);
                          },
                          [](size_t k, std::string) {
                            if (k == 3) throw Error("disk full");
                          }),
               Error);
  EXPECT_LT(started, 100);
}

}  // namespace
}  // namespace vec2midi::cluster
