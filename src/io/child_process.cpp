#include "io/child_process.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <ctime>

#include "io/error.hpp"

extern char** environ;

namespace vec2midi::io {
namespace {

/// Blocks SIGPIPE in the calling thread for its lifetime; on destruction discards a SIGPIPE that became
/// pending meanwhile (raised by a write to a closed pipe) unless one was pending before, then restores
/// the thread's signal mask.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeBlock() {
    if (!was_pending_) {
      sigset_t pending;
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec zero{0, 0};
        while (sigtimedwait(&pipe_, nullptr, &zero) == -1 && errno == EINTR) {
        }
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  sigset_t pipe_{}, old_{};
  bool was_pending_ = false;
};

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const SpawnOptions& options) {
  if (argv.empty()) throw Error("cannot start a program: no program named");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int pipe_fds[2] = {-1, -1};
  if (options.pipe_stdin && pipe2(pipe_fds, O_CLOEXEC) != 0) throw Error("cannot start " + argv[0] + ": no pipe");
  int out_fds[2] = {-1, -1};
  if (options.pipe_stdout && pipe2(out_fds, O_CLOEXEC) != 0) {
    if (options.pipe_stdin) close(pipe_fds[0]), close(pipe_fds[1]);
    throw Error("cannot start " + argv[0] + ": no pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (options.pipe_stdin) {
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], STDIN_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  if (options.pipe_stdout) posix_spawn_file_actions_adddup2(&actions, out_fds[1], STDOUT_FILENO);
  for (const auto& [fd, path] : {std::pair{STDOUT_FILENO, &options.stdout_path}, std::pair{STDERR_FILENO, &options.stderr_path}}) {
    if (fd == STDOUT_FILENO && options.pipe_stdout) continue;
    if (!path->empty()) posix_spawn_file_actions_addopen(&actions, fd, path->c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  // The child starts with SIGPIPE at its default, whatever this process does with it.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  const int rc = posix_spawnp(&pid_, argv[0].c_str(), &actions, &attr, args.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (options.pipe_stdin) close(pipe_fds[0]);
  if (options.pipe_stdout) close(out_fds[1]);
  if (rc != 0) {
    if (options.pipe_stdin) close(pipe_fds[1]);
    if (options.pipe_stdout) close(out_fds[0]);
    pid_ = -1;
    throw Error("cannot start " + argv[0] + " (is it installed?)");
  }
  stdin_fd_ = options.pipe_stdin ? pipe_fds[1] : -1;
  stdout_fd_ = options.pipe_stdout ? out_fds[0] : -1;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    wait();
  }
  if (stdin_fd_ >= 0) close(stdin_fd_);
  if (stdout_fd_ >= 0) close(stdout_fd_);
}

bool ChildProcess::write(const void* data, size_t n) {
  if (stdin_fd_ < 0) return false;
  const SigpipeBlock block;
  const auto* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t written = ::write(stdin_fd_, p, n);
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;  // EPIPE: the child closed its input
    }
    p += written;
    n -= size_t(written);
  }
  return true;
}

size_t ChildProcess::read(void* data, size_t n) {
  if (stdout_fd_ < 0) return 0;
  auto* p = static_cast<char*>(data);
  size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(stdout_fd_, p + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;  // end of output (or an error, reported as its end)
    got += size_t(r);
  }
  return got;
}

int ChildProcess::wait() {
  // Closing our end of its output first lets a child still writing end with EPIPE instead of blocking.
  for (int* fd : {&stdin_fd_, &stdout_fd_}) {
    if (*fd >= 0) {
      close(*fd);
      *fd = -1;
    }
  }
  if (pid_ <= 0) return -1;
  int status = 0;
  pid_t r;
  while ((r = waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  if (r < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run_program(const std::vector<std::string>& argv, const SpawnOptions& options) {
  try {
    ChildProcess child(argv, options);
    return child.wait();
  } catch (const Error&) {
    return -1;
  }
}

void ignore_sigpipe() { std::signal(SIGPIPE, SIG_IGN); }

}  // namespace vec2midi::io
