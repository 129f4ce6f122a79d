// Running the vec2midi binary as a child process that a test can kill at a chosen moment (SIGKILL), for
// the kill-and-resume tests. Usage: ChildProcess p({"train-vae", ...}); p.kill_after(0.8s); p.wait();
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace vec2midi::testing {

/// A running `vec2midi ARGS...` (stdout and stderr discarded, stdin /dev/null).
class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& args);
  ~ChildProcess();  ///< kills and reaps the child if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// Waits up to `delay`; if the child is still running then, kills it with SIGKILL. Returns true if it
  /// was killed, false if it had exited by itself (exit_code() then says how).
  bool kill_after(std::chrono::duration<double> delay);
  /// Waits for the child to exit by itself; returns its exit code (128 + signal if signalled).
  int wait();
  /// The exit code once the child has ended (-1 before).
  int exit_code() const { return exit_code_; }

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

/// Splits a command line at spaces (no quoting: test paths have no spaces).
std::vector<std::string> split_words(const std::string& line);

}  // namespace vec2midi::testing
