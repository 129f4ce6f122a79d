#include "app/launcher.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string_view>

namespace vec2midi::app {

bool runs_without_torch(int argc, char** argv) { return argc >= 2 && std::string_view(argv[1]) == "compose"; }

void exec_full_program(char** argv) {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path full = (ec ? std::filesystem::path(argv[0]).parent_path() : self.parent_path()) /
                                     kFullProgramName;
  execv(full.c_str(), argv);
  const int error = errno;
  std::cerr << "vec2midi: cannot run " << full.string() << ": " << std::strerror(error)
            << " (it is built beside vec2midi by ./setup.sh)\n";
}

}  // namespace vec2midi::app
