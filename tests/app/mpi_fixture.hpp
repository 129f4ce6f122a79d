// Commands under Open MPI's mpirun from a test: the environment every run of a test shares, the mpirun prefix, and
// a SIGKILL to a whole session (mpirun and each rank at once, as a batch system ends a job).
// Usage: run_shell(mpi_testing::mpirun(3) + "compose --list ...");
//        bool killed = mpi_testing::kill_once(mpi_testing::mpirun(3) + "search ...", [&] { return rows() >= 45; });
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>

#include "support/shared_data.hpp"

namespace vec2midi::app::mpi_testing {

// One thread per rank (3 ranks share 2 cores); the same for the runs without mpirun, so that every run of a test
// decodes with the same thread count. Root may run mpirun; shared memory without the ptrace-based single copy,
// which containers forbid.
inline const std::string kEnvironment =
    "env OMP_NUM_THREADS=1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
    "OMPI_MCA_btl_vader_single_copy_mechanism=none ";

inline std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

/// The command line prefix of `mpirun -np ranks build/vec2midi`.
inline std::string mpirun(int ranks) {
  return kEnvironment + "mpirun --oversubscribe --bind-to none -np " + std::to_string(ranks) + " " +
         quoted(vec2midi::testing::vec2midi_binary()) + " ";
}

/// build/vec2midi without mpirun, in the same environment.
inline std::string plain() { return kEnvironment + quoted(vec2midi::testing::vec2midi_binary()) + " "; }

/// Starts `command` (a shell line) in a session of its own; the session's id is the returned pid.
inline pid_t start_session(const std::string& command) {
  const pid_t pid = fork();
  if (pid == 0) {
    setsid();  // a session of its own: mpirun and the ranks it starts
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

/// SIGKILL to every process of a session.
inline void kill_session(pid_t session) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line) || line.rfind(')') == std::string::npos) continue;
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::string state;
    pid_t parent = 0, group = 0, sid = 0;
    fields >> state >> parent >> group >> sid;
    if (sid == session) kill(static_cast<pid_t>(std::stol(entry.path().filename().string())), SIGKILL);
  }
}

/// Runs `command` (stderr discarded) in a session of its own and SIGKILLs the whole session as soon as `ready()`
/// holds (polled every 5 ms, for at most two minutes). Returns whether it was killed (false: it ended first).
inline bool kill_once(const std::string& command, const std::function<bool()>& ready) {
  const pid_t pid = start_session("exec " + command + " 2>/dev/null");
  if (pid < 0) return false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ready()) {
      kill_session(pid);
      waitpid(pid, &status, 0);
      return true;
    }
    if (waitpid(pid, &status, WNOHANG) == pid) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill_session(pid);
  waitpid(pid, &status, 0);
  return false;
}

}  // namespace vec2midi::app::mpi_testing
