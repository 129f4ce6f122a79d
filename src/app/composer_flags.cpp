#include "app/composer_flags.hpp"

namespace vec2midi::app {

void add_composer_flags(CLI::App& cmd, ComposerModels& models, ComposeOptions& compose, OutputOptions& output) {
  models = ComposerModels::defaults();
  cmd.add_option("--model", models.vae, "MusicVAE model file (e.g. one made by import-magenta)")->capture_default_str();
  cmd.add_option("--embedder", models.embedder, "Image2Vec embedder model file")->capture_default_str();
  cmd.add_option("--transition", models.transition, "Transition file made for this MusicVAE")->capture_default_str();
  cmd.add_option("--bars", compose.n_bars, "Bars per melody: 1 (as the original) or 2")
      ->capture_default_str()
      ->check(CLI::IsMember({1, 2}));
  cmd.add_option("--temperature", compose.temperature, "Sampling temperature; 0 = greedy argmax")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--seed", compose.seed, "Seed of temperature sampling")->capture_default_str();
  cmd.add_flag("--continuous", compose.continuous,
               "Decode from the picture's own embedding instead of its nearest colour centre "
               "(two shades of one colour give related but different melodies)");
  cmd.add_option("--tempo", output.qpm, "Tempo in quarter notes per minute")
      ->capture_default_str()
      ->check(CLI::Range(kMinOutputQpm, kMaxOutputQpm));
  cmd.add_option("--program", output.program, "General MIDI instrument 0..127 (0 piano, 73 flute, 40 violin)")
      ->capture_default_str()
      ->check(CLI::Range(0, 127));
  cmd.add_flag("--video", output.video, "Also write a falling-notes MP4 with the picture and the audio");
  cmd.add_flag("--force", output.force, "Overwrite existing output files");
}

}  // namespace vec2midi::app
