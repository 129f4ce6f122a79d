// The subcommands of `vec2midi`, one file each (cmd_<name>.cpp); main.cpp adds them all.
// Each add_*_command() declares the flags, parsed straight into the library's options structs,
// and a callback that calls the same library functions the HTTP server uses.
#pragma once

#include <CLI/CLI.hpp>

namespace vec2midi::app {

/// The commands build/vec2midi runs without libtorch (launcher.hpp's kLightCommands), in that order.
void add_light_commands(CLI::App& root);

void add_info_command(CLI::App& root);
void add_import_magenta_command(CLI::App& root);
void add_inspect_checkpoint_command(CLI::App& root);
void add_melody_distance_command(CLI::App& root);
void add_extract_command(CLI::App& root);
void add_melody_stats_command(CLI::App& root);
void add_midi_info_command(CLI::App& root);
void add_make_scenes_command(CLI::App& root);
void add_train_embedder_command(CLI::App& root);
void add_embed_command(CLI::App& root);
void add_embed_eval_command(CLI::App& root);
void add_embed_plot_command(CLI::App& root);
void add_import_tflite_command(CLI::App& root);
void add_split_photos_command(CLI::App& root);
void add_fit_centres_command(CLI::App& root);
void add_decode_command(CLI::App& root);
void add_train_vae_command(CLI::App& root);
void add_fit_encoder_command(CLI::App& root);
void add_vae_eval_command(CLI::App& root);
void add_interpolate_command(CLI::App& root);
void add_search_command(CLI::App& root);
void add_evaluate_command(CLI::App& root);
void add_latent_study_command(CLI::App& root);
void add_compose_command(CLI::App& root);
void add_morph_command(CLI::App& root);
void add_serve_command(CLI::App& root);

}  // namespace vec2midi::app
