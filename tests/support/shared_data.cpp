#include "support/shared_data.hpp"
#include "support/shell.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vec2midi::testing {
namespace fs = std::filesystem;

fs::path shared_dir() {
  if (const char* env = std::getenv("VEC2MIDI_SHARED"); env != nullptr && *env != '\0') return env;
  return VEC2MIDI_SHARED_DIR;
}

fs::path shared_path(const std::string& relative) {
  const fs::path path = shared_dir() / relative;
  if (!fs::exists(path)) {
    ADD_FAILURE() << "shared data missing: " << path
                  << " (the tests need ../shared beside the project, or VEC2MIDI_SHARED)";
    throw std::runtime_error("shared data missing: " + path.string());
  }
  return path;
}

nlohmann::json shared_json(const std::string& relative) {
  std::ifstream in(shared_path(relative));
  return nlohmann::json::parse(in);
}

fs::path test_data_path(const std::string& relative) { return fs::path(VEC2MIDI_TEST_DATA) / relative; }

fs::path project_path(const std::string& relative) { return fs::path(VEC2MIDI_TEST_DATA) / ".." / ".." / relative; }

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("vec2midi_test_" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  static const struct Cleanup {
    fs::path root = fs::temp_directory_path() / ("vec2midi_test_" + std::to_string(::getpid()));
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(root, ec);
    }
  } cleanup;
  return dir;
}

fs::path vec2midi_binary() {
  if (const char* env = std::getenv("VEC2MIDI_BIN"); env != nullptr && *env != '\0') return env;
  return VEC2MIDI_BUILD_BIN;
}

CommandResult run_vec2midi(const std::string& args) { return run_shell(vec2midi_binary().string() + " " + args); }

CommandResult run_shell(const std::string& command) {
  static int counter = 0;
  const fs::path dir = temp_dir("run_" + std::to_string(counter++));
  const fs::path out = dir / "stdout", err = dir / "stderr";
  const std::string cmd = command + " >" + out.string() + " 2>" + err.string() + " </dev/null";
  const int status = std::system(cmd.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  auto slurp = [](const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  result.out = slurp(out);
  result.err = slurp(err);
  fs::remove_all(dir);
  return result;
}

}  // namespace vec2midi::testing
