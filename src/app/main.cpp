// vec2midi-torch: the whole vec2midi program (build/vec2midi runs the light commands itself and hands every
// other command to this one, launcher.hpp). main() only builds the command tree and dispatches.
#include <string_view>

#include "app/allocator_tuning.hpp"
#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/launcher.hpp"

int main(int argc, char** argv) {
  // Every command but the long-lived server keeps large freed blocks for reuse (allocator_tuning.hpp).
  if (argc < 2 || std::string_view(argv[1]) != "serve") vec2midi::app::keep_large_blocks_in_the_heap();
  CLI::App app{vec2midi::app::kProgramDescription, "vec2midi"};
  app.set_version_flag("--version", vec2midi::app::kVersionText);
  app.require_subcommand(1);
  using namespace vec2midi::app;
  add_info_command(app);
  add_light_commands(app);
  add_import_magenta_command(app);
  add_inspect_checkpoint_command(app);
  add_make_scenes_command(app);
  add_train_embedder_command(app);
  add_import_tflite_command(app);
  add_train_vae_command(app);
  add_fit_encoder_command(app);
  return run_cli(app, argc, argv);
}
