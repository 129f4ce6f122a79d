#include "app/composer_flags.hpp"

#include <string>
#include <vector>

#include "compose/accompaniment.hpp"
#include "compose/latent_sliders.hpp"
#include "music/key.hpp"

namespace vec2midi::app {

void add_composer_flags(CLI::App& cmd, ComposerModels& models, ComposeOptions& compose, OutputOptions& output) {
  models = ComposerModels::defaults();
  cmd.add_option("--model", models.vae, "MusicVAE model file (e.g. one made by import-magenta)")->capture_default_str();
  cmd.add_option("--embedder", models.embedder, "Image2Vec embedder model file")->capture_default_str();
  cmd.add_option("--transition", models.transition, "Transition file made for this MusicVAE")->capture_default_str();
  cmd.add_option("--bars", compose.n_bars,
                 "Bars: 1 (as the original) or 2 decode one phrase; 4, 8, 16 or 32 build a piece of 2-bar phrases "
                 "(the motif, its variations and the other palette colours' phrases, in one key)")
      ->capture_default_str()
      ->check(CLI::IsMember({1, 2, 4, 8, 16, 32}));
  cmd.add_option_function<std::string>(
         "--key", [&compose](const std::string& text) { compose.key = music::parse_key(text); },
         "Key of the piece: C, F#m, Bb major, A minor … (default: the motif's own key)")
      ->type_name("KEY");
  cmd.add_option_function<std::string>(
         "--accompaniment",
         [&compose](const std::string& text) { compose.accompaniment = compose::parse_accompaniment(text); },
         "none, chords (chords and bass) or full (chords, bass and General MIDI drums) [none]")
      ->type_name("KIND");
  cmd.add_option_function<std::vector<std::string>>(
         "--nudge",
         [&compose](const std::vector<std::string>& texts) {
           for (const std::string& text : texts) compose.nudges.push_back(compose::parse_nudge(text));
         },
         "DIM=VALUE: add VALUE (-3..3) to latent dim DIM before decoding; repeatable (the model's named dims are "
         "listed by `compose --json` under \"sliders\")")
      ->type_name("DIM=VALUE")
      ->allow_extra_args(false);  // one DIM=VALUE per --nudge, so that `--nudge 1=1 photo.jpg` keeps the picture
  cmd.add_option("--temperature", compose.temperature, "Sampling temperature; 0 = greedy argmax")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd.add_option("--seed", compose.seed, "Seed of temperature sampling and of a piece's variations (another seed, another piece)")
      ->capture_default_str();
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
