#include "cluster/world.hpp"

#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "io/error.hpp"

namespace vec2midi::cluster {
namespace {

const char* rank_variable() {
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"}) {
    if (std::getenv(name)) return name;
  }
  return nullptr;
}

// MPI_Finalize at exit, after every message of the run has been received.
void finalize_mpi() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

void check(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw Error(std::string("MPI ") + what + ": " + std::string(text, size_t(length)));
}

}  // namespace

int launched_rank() {
  const char* name = rank_variable();
  return name ? std::atoi(std::getenv(name)) : 0;
}

bool launched_by_mpirun() { return rank_variable() != nullptr; }

World& World::get() {
  static World world;
  return world;
}

World::World() {
  if (!launched_by_mpirun()) return;
  int provided = 0;
  check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "init");
  std::atexit(finalize_mpi);
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "rank");
  check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "size");
  launcher_ = int(::getppid());
  mpi_ = true;
}

void World::send(int to, int tag, std::string_view bytes) const {
  if (!mpi_ || to < 0 || to >= size_) throw Error("cluster: no rank " + std::to_string(to) + " to send to");
  check(MPI_Send(bytes.data(), int(bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD), "send");
}

std::optional<Message> World::poll() const {
  if (!mpi_) return std::nullopt;
  int arrived = 0;
  MPI_Status status;
  check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status), "probe");
  if (!arrived) return std::nullopt;
  idle_polls_ = 0;
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  Message message{status.MPI_SOURCE, status.MPI_TAG, std::string(size_t(count), '\0')};
  check(MPI_Recv(message.bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE),
        "receive");
  return message;
}

Message World::receive() const {
  if (!mpi_) throw Error("cluster: nothing to receive in a world of one process");
  while (true) {
    if (auto message = poll()) return *std::move(message);
    pause();
  }
}

void World::pause() const {
  // 50 µs after a message, doubling up to 2 ms while none comes: quick between a round's messages, and a waiting
  // rank (rank 0 while its own evaluation runs on another thread) takes next to nothing from the cores.
  std::this_thread::sleep_for(std::chrono::microseconds(50) * (int64_t{1} << std::min(idle_polls_++, 5)));
  // getppid every 0.1 s of waiting: a rank waits for messages while its own evaluations run on another thread.
  const auto now = std::chrono::steady_clock::now();
  if (!mpi_ || now - last_check_ < std::chrono::milliseconds(100)) return;
  last_check_ = now;
  if (int(::getppid()) != launcher_) {
    // MPI_Finalize would wait for the gone runtime; every finished evaluation is already journaled (fsynced).
    std::fprintf(stderr, "vec2midi: rank %d lost mpirun (it was killed); stopping\n", rank_);
    std::_Exit(1);
  }
}

std::string to_bytes(std::span<const double> values) {
  std::string bytes(values.size() * sizeof(double), '\0');
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

std::vector<double> doubles_of(std::string_view bytes) {
  if (bytes.size() % sizeof(double) != 0) throw Error("cluster: a message of doubles has " + std::to_string(bytes.size()) + " bytes");
  std::vector<double> values(bytes.size() / sizeof(double));
  if (!values.empty()) std::memcpy(values.data(), bytes.data(), bytes.size());
  return values;
}

}  // namespace vec2midi::cluster
