#include "app/cli.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "cluster/world.hpp"
#include "io/child_process.hpp"
#include "io/error.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

void add_json_flag(CLI::App& cmd, bool& json) {
  cmd.add_flag("--json", json, "Print one machine-readable JSON document on stdout");
}

void print_json(const nlohmann::json& doc) { std::cout << doc.dump(2) << std::endl; }

namespace {

fs::path executable_dir() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : self.parent_path();
}

}  // namespace

fs::path default_model_path(std::string_view file_name) {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("VEC2MIDI_MODELS"); env != nullptr && *env != '\0') {
    candidates.push_back(fs::path(env) / file_name);
  }
  const fs::path exe = executable_dir();
  candidates.push_back(exe.parent_path() / "models" / file_name);  // build/vec2midi -> models/
  candidates.push_back(exe / "models" / file_name);
  candidates.push_back(fs::path(VEC2MIDI_SOURCE_DIR) / "models" / file_name);
  candidates.push_back(exe.parent_path() / "share" / "vec2midi" / "models" / file_name);
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(c, ec)) return c;
  }
  return candidates.front();
}

namespace {

// How long a rank other than 0 waits before reporting an error (see report()).
constexpr auto kOtherRankReportDelay = std::chrono::seconds(5);

// Prints `line` (one error line) and returns `code`. Under mpirun every rank parses the same command line and meets
// the same bad input: rank 0 says so at once. Another rank waits first, so that rank 0's line comes out and mpirun
// ends the job (a rank that exited first would make mpirun kill rank 0 before it printed); a rank still alive after
// the wait met an error of its own, and says so naming itself.
int report(int code, const std::string& line) {
  const int rank = cluster::launched_rank();
  if (rank != 0) {
    std::this_thread::sleep_for(kOtherRankReportDelay);
    std::cerr << "vec2midi: rank " << rank << ": " << line.substr(std::string("vec2midi: ").size());
  } else {
    std::cerr << line;
  }
  return code;
}

}  // namespace

int run_cli(CLI::App& app, int argc, char** argv) {
  io::ignore_sigpipe();  // a closed pipe or socket is an error return (EPIPE), never the end of the program
  try {
    app.parse(argc, argv);
    return 0;
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    return report(kExitBadInput, std::string("vec2midi: error: ") + e.what() + " (see --help)\n");
  } catch (const InputError& e) {
    return report(kExitBadInput, std::string("vec2midi: error: ") + e.what() + "\n");
  } catch (const std::exception& e) {
    return report(kExitInternal, std::string("vec2midi: internal error: ") + e.what() + "\n");
  }
}

}  // namespace vec2midi::app
