// Starting programs: exit statuses, redirections, input through the pipe, and writes to children that
// have gone away, from several threads at once, with SIGPIPE at its default (deadly) disposition.
#include <gtest/gtest.h>

#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include "io/atomic_file.hpp"
#include "io/child_process.hpp"
#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::io {
namespace {

TEST(ChildProcess, RunProgramReturnsTheExitStatus) {
  EXPECT_EQ(run_program({"true"}), 0);
  EXPECT_EQ(run_program({"sh", "-c", "exit 3"}), 3);
  EXPECT_EQ(run_program({"/nonexistent/program"}), -1);
}

TEST(ChildProcess, AProgramThatCannotStartIsAnErrorNamingIt) {
  try {
    ChildProcess child({"/nonexistent/ffmpeg"});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/ffmpeg"), std::string::npos) << e.what();
  }
}

TEST(ChildProcess, StandardStreamsGoWhereTheyAreSent) {
  const auto dir = testing::temp_dir("child_process_streams");
  ChildProcess child({"sh", "-c", "cat > \"$0\"; echo out; echo err >&2", (dir / "in.txt").string()},
                     {.pipe_stdin = true, .stdout_path = dir / "out.txt", .stderr_path = dir / "err.txt"});
  EXPECT_TRUE(child.write("abc", 3));
  EXPECT_EQ(child.wait(), 0);
  EXPECT_EQ(read_file(dir / "in.txt"), "abc");
  EXPECT_EQ(read_file(dir / "out.txt"), "out\n");
  EXPECT_EQ(read_file(dir / "err.txt"), "err\n");
}

TEST(ChildProcess, WritingToAChildThatHasGoneIsFalseNotSigpipe) {
  const auto previous = std::signal(SIGPIPE, SIG_DFL);  // a SIGPIPE would end this test program
  ChildProcess child({"true"}, {.pipe_stdin = true});
  const std::string block(1 << 20, 'x');
  bool ok = true;
  for (int i = 0; i < 64 && ok; ++i) ok = child.write(block.data(), block.size());
  EXPECT_FALSE(ok);
  EXPECT_EQ(child.wait(), 0);
  std::signal(SIGPIPE, previous);
}

TEST(ChildProcess, SeveralThreadsWritingToDyingChildrenAllSurvive) {
  const auto previous = std::signal(SIGPIPE, SIG_DFL);
  std::vector<std::thread> threads;
  std::vector<int> failed_writes(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failed_writes] {
      for (int round = 0; round < 5; ++round) {
        ChildProcess child({"head", "-c", std::to_string(1000 * (t + 1))}, {.pipe_stdin = true});
        const std::string block(64 << 10, 'y');
        bool ok = true;
        for (int i = 0; i < 256 && ok; ++i) ok = child.write(block.data(), block.size());
        failed_writes[size_t(t)] += ok ? 0 : 1;
        EXPECT_EQ(child.wait(), 0);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int n : failed_writes) EXPECT_EQ(n, 5);
  std::signal(SIGPIPE, previous);
}

TEST(ChildProcess, ItsOutputIsReadThroughThePipeToItsEnd) {
  ChildProcess child({"sh", "-c", "printf abcdefgh; printf ij >&2"}, {.pipe_stdout = true});
  char buffer[16] = {};
  EXPECT_EQ(child.read(buffer, 3), 3u);
  EXPECT_EQ(std::string(buffer, 3), "abc");
  EXPECT_EQ(child.read(buffer, sizeof buffer), 5u);  // fewer than asked: the output has ended
  EXPECT_EQ(std::string(buffer, 5), "defgh");
  EXPECT_EQ(child.read(buffer, sizeof buffer), 0u);
  EXPECT_EQ(child.wait(), 0);
}

TEST(ChildProcess, StoppingReadingEndsAChildThatWritesForever) {
  ChildProcess child({"yes"}, {.pipe_stdout = true});
  char buffer[4096];
  EXPECT_EQ(child.read(buffer, sizeof buffer), sizeof buffer);
  EXPECT_EQ(child.wait(), 128 + SIGPIPE);  // our end closed: its next write fails and ends it
}

TEST(ChildProcess, ReadingWithoutAnOutputPipeGivesNothing) {
  ChildProcess child({"true"});
  char buffer[4];
  EXPECT_EQ(child.read(buffer, sizeof buffer), 0u);
  EXPECT_EQ(child.wait(), 0);
}

}  // namespace
}  // namespace vec2midi::io
