// vec2midi: turns a picture into a melody. This executable runs `compose` without loading libtorch and
// hands every other command to vec2midi-torch (launcher.hpp); main.cpp is that full program.
#include "app/allocator_tuning.hpp"
#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/launcher.hpp"

int main(int argc, char** argv) {
  using namespace vec2midi::app;
  if (!runs_without_torch(argc, argv)) {
    exec_full_program(argv);
    return kExitInternal;
  }
  keep_large_blocks_in_the_heap();
  CLI::App app{kProgramDescription, "vec2midi"};
  app.set_version_flag("--version", kVersionText);
  app.require_subcommand(1);
  add_compose_command(app);
  return run_cli(app, argc, argv);
}
