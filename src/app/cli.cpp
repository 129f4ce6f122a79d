#include "app/cli.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
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

// A stream that writes nothing (an output stream without a buffer drops what it is given).
std::ostream& quiet_stream() {
  static std::ostream quiet(nullptr);
  return quiet;
}

}  // namespace

int run_cli(CLI::App& app, int argc, char** argv) {
  io::ignore_sigpipe();  // a closed pipe or socket is an error return (EPIPE), never the end of the program
  // Under mpirun every rank parses the same command line and meets the same bad input: rank 0 alone says so.
  std::ostream& err = cluster::launched_rank() == 0 ? std::cerr : quiet_stream();
  try {
    app.parse(argc, argv);
    return 0;
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    err << "vec2midi: error: " << e.what() << " (see --help)\n";
    return kExitBadInput;
  } catch (const InputError& e) {
    err << "vec2midi: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    err << "vec2midi: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}

}  // namespace vec2midi::app
