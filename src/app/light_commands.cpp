// The commands of launcher.hpp's kLightCommands, added to both executables in one place.
#include "app/commands.hpp"

namespace vec2midi::app {

void add_light_commands(CLI::App& root) {
  add_compose_command(root);
  add_decode_command(root);
  add_embed_command(root);
  add_embed_eval_command(root);
  add_embed_plot_command(root);
  add_evaluate_command(root);
  add_extract_command(root);
  add_fit_centres_command(root);
  add_interpolate_command(root);
  add_latent_study_command(root);
  add_melody_distance_command(root);
  add_melody_stats_command(root);
  add_midi_info_command(root);
  add_morph_command(root);
  add_search_command(root);
  add_serve_command(root);
  add_split_photos_command(root);
  add_vae_eval_command(root);
}

}  // namespace vec2midi::app
