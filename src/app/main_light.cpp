// vec2midi: turns a picture into a melody. This executable runs the light commands (launcher.hpp) without
// loading libtorch and hands every other command to vec2midi-torch (launcher.hpp); main.cpp is that full program.
#include <filesystem>
#include <string>

#include "app/allocator_tuning.hpp"
#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/launcher.hpp"

int main(int argc, char** argv) {
  using namespace vec2midi::app;
  // The full program answers --help (it lists every command) when it is there; setup.sh builds only this one.
  if (!runs_without_torch(argc, argv) &&
      (!asks_for_help(argc, argv) || std::filesystem::exists(full_program_path(argv)))) {
    exec_full_program(argv);
    return kExitInternal;
  }
  keep_large_blocks_in_the_heap();
  CLI::App app{kProgramDescription, "vec2midi"};
  app.set_version_flag("--version", kVersionText);
  app.require_subcommand(1);
  app.footer(std::string("Only the commands above are built yet; the others (train-vae, train-embedder, fit-encoder, "
                         "import-magenta, ...) need ") + kFullProgramName + ": cmake --build build --target " +
             kFullProgramName + ", or ./test.sh");
  add_light_commands(app);
  return run_cli(app, argc, argv);
}
