// The processes of one run: the MPI world when the command was started by mpirun (Open MPI), else a world of one
// process. MPI is initialised on first use and only under mpirun, so every command runs as before without it; mpi.h
// stays inside world.cpp. Messages are byte strings with a tag; receiving polls with short sleeps instead of MPI's
// busy wait, so a waiting rank leaves its core to the others (the machines this runs on are often oversubscribed).
// Usage: auto& w = cluster::World::get(); if (w.rank() == 0) w.send(1, kJob, bytes); auto m = w.receive();
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vec2midi::cluster {

/// The rank mpirun gave this process, read from its environment without any MPI call; 0 when not under mpirun.
int launched_rank();

/// Whether mpirun (Open MPI or a PMIx launcher) started this process.
bool launched_by_mpirun();

/// One message: who sent it, its tag and its bytes.
struct Message {
  int source = 0;
  int tag = 0;
  std::string bytes;
};

/// The world of processes (MPI_COMM_WORLD under mpirun). Only the thread that first called get() may use it.
class World {
 public:
  /// The world, made on first call (MPI_Init_thread under mpirun; finalised at exit).
  static World& get();

  int rank() const { return rank_; }
  int size() const { return size_; }

  /// Sends `bytes` with `tag` to rank `to` (returns when the bytes may be reused). Throws Error in a world of one.
  void send(int to, int tag, std::string_view bytes) const;

  /// The next message from any rank if one has arrived, else nothing (never blocks).
  std::optional<Message> poll() const;

  /// The next message from any rank, waiting for it (sleeping between polls).
  Message receive() const;

  /// Sleeps between two polls (50 µs, doubling to 2 ms while no message comes). Ends the process (exit 1, one line) once mpirun is gone: a rank whose
  /// launcher was killed must not wait for messages forever, and MPI_Finalize would wait for the gone runtime.
  void pause() const;

 private:
  World();
  int rank_ = 0;
  int size_ = 1;
  bool mpi_ = false;
  int launcher_ = 0;  // the parent process (mpirun) at start
  mutable std::chrono::steady_clock::time_point last_check_;
  mutable int idle_polls_ = 0;  // polls without a message since the last one
};

/// The doubles as bytes and back (a message's payload; the ranks of one run share one machine type).
std::string to_bytes(std::span<const double> values);
std::vector<double> doubles_of(std::string_view bytes);

}  // namespace vec2midi::cluster
