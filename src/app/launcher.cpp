#include "app/launcher.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string_view>

namespace vec2midi::app {

bool runs_without_torch(int argc, char** argv) {
  if (argc < 2) return false;
  for (const char* name : kLightCommands) {
    if (std::string_view(argv[1]) == name) return true;
  }
  return false;
}

bool asks_for_help(int argc, char** argv) {
  if (argc < 2) return true;
  const std::string_view first = argv[1];
  return first == "-h" || first == "--help" || first == "--version";
}

std::filesystem::path full_program_path(char** argv) {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return (ec ? std::filesystem::path(argv[0]).parent_path() : self.parent_path()) / kFullProgramName;
}

void exec_full_program(char** argv) {
  const std::filesystem::path full = full_program_path(argv);
  execv(full.c_str(), argv);
  const int error = errno;
  std::cerr << "vec2midi: cannot run " << full.string() << ": " << std::strerror(error)
            << " (this command needs the whole program: build it with `cmake --build build --target "
            << kFullProgramName << "`, or run ./test.sh)\n";
}

}  // namespace vec2midi::app
