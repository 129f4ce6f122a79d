// Starting other programs (ffmpeg) one way everywhere: posix_spawnp with an argument vector (no shell, so
// no quoting), standard streams redirected to files, and a pipe into the child's standard input that is
// written without SIGPIPE: the writing thread blocks the signal around each write and discards one that
// the write raised, so a child that dies early is an error return, never the death of the whole process
// (the server writes to several ffmpegs from several threads at once).
// Usage: ChildProcess c({"ffmpeg", "-i", "-", "out.mp4"}, {.pipe_stdin = true}); c.write(p, n); int rc = c.wait();
//        ChildProcess d({"ffmpeg", "-i", "in.mp4", "-f", "rawvideo", "-"}, {.pipe_stdout = true}); d.read(p, n);
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace vec2midi::io {

struct SpawnOptions {
  bool pipe_stdin = false;                        ///< write() feeds the child's standard input (else /dev/null)
  bool pipe_stdout = false;                       ///< read() takes the child's standard output (stdout_path unused)
  std::filesystem::path stdout_path = "/dev/null";  ///< where the child's standard output goes (empty: ours)
  std::filesystem::path stderr_path = "/dev/null";  ///< where its standard error goes (empty: ours)
};

/// A running child process; the destructor kills and reaps one that was not waited for.
class ChildProcess {
 public:
  /// Starts argv[0] (searched on PATH) with `argv`. Throws Error naming the program if it cannot start.
  ChildProcess(const std::vector<std::string>& argv, const SpawnOptions& options = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// Writes all `n` bytes to the child's standard input. False if the child has closed it (EPIPE) or there
  /// is no pipe; never raises SIGPIPE in this process.
  bool write(const void* data, size_t n);
  /// Reads up to `n` bytes of the child's standard output, blocking until `n` have come or the child closed it;
  /// returns how many came (fewer than `n` only at its end). 0 without an output pipe.
  size_t read(void* data, size_t n);
  /// Closes the pipes, waits for the child and returns its exit status (128 + signal if signalled).
  int wait();

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
};

/// Runs `argv` to completion with standard input and output on /dev/null; returns its exit status, or -1
/// if it cannot start.
int run_program(const std::vector<std::string>& argv, const SpawnOptions& options = {});

/// Ignores SIGPIPE in the whole process (called once at start-up by the command line): writes to a closed
/// pipe or socket then fail with EPIPE instead of killing the program.
void ignore_sigpipe();

}  // namespace vec2midi::io
