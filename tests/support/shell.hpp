// Running a whole shell command line (e.g. `mpirun -np 3 vec2midi search ...`) from a test and capturing its output,
// as run_vec2midi (shared_data.hpp) does for the vec2midi binary alone.
// Usage: const CommandResult r = run_shell("env X=1 mpirun -np 2 '" + vec2midi_binary().string() + "' search ...");
#pragma once

#include <string>

#include "support/shared_data.hpp"

namespace vec2midi::testing {

/// Runs a shell command line (quoted by the caller) and captures its stdout, stderr and exit code.
CommandResult run_shell(const std::string& command);

}  // namespace vec2midi::testing
