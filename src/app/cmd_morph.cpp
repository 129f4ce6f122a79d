// `vec2midi morph IMAGE_A IMAGE_B [--phrases 8]`: a piece that walks the MusicVAE latent space from A's
// melody to B's (slerp, one phrase per step), written like `compose` writes (MIDI, WAV, piano roll, and a
// video that fades from picture A to picture B); with --key or --accompaniment, arranged as a piece.
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/composer.hpp"
#include "app/composer_flags.hpp"
#include "app/composition_files.hpp"
#include "app/composition_json.hpp"
#include "app/picture_morph.hpp"
#include "io/error.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

struct MorphArgs {
  fs::path image_a, image_b;
  int64_t n_phrases = 8;
  fs::path out_dir = ".";
  std::string name;
  ComposerModels models;
  ComposeOptions compose;
  OutputOptions output;
  bool json = false;
};

void run_morph(const MorphArgs& args) {
  validate(args.output);
  args.compose.n_steps();
  if (args.compose.n_bars > music::kWindowBars) {
    throw InputError("morph: --bars is the length of each phrase (1 or 2); make the morph longer with --phrases");
  }
  const std::string name =
      args.name.empty() ? args.image_a.stem().string() + "_to_" + args.image_b.stem().string() : args.name;
  check_not_overwriting(output_paths(args.out_dir, name, args.output.video), args.output.force);
  const Composer composer(args.models);
  const cv::Mat a_picture = vision::load_image(args.image_a);
  const cv::Mat b_picture = vision::load_image(args.image_b);
  ComposeOptions options = args.compose;
  options.program = args.output.program;
  const PictureMorph m = morph_pictures(composer, a_picture, b_picture, args.n_phrases, options);
  const Composition& a = m.from;
  const Composition& b = m.to;
  const music::Melody& piece = m.melody;
  const OutputFiles files = write_morph(m, a_picture, b_picture, args.out_dir, name, args.output);
  if (args.json) {
    nlohmann::json from = composition_json(a, m.ends), to = composition_json(b, m.ends);
    from["image"] = args.image_a.string();
    to["image"] = args.image_b.string();
    nlohmann::json doc = {{"from", from},
                          {"to", to},
                          {"phrases", args.n_phrases},
                          {"steps", piece.n_steps},
                          {"notes", notes_json(piece)},
                          {"files", files.to_json()}};
    if (m.arrangement) doc.update(piece_json(*m.arrangement));
    print_json(doc);
    return;
  }
  std::cout << args.image_a.string() << ": " << a.colour_name() << " -> " << args.image_b.string() << ": "
            << b.colour_name() << ", " << args.n_phrases << " phrases of " << args.compose.n_bars << " bar(s)\n"
            << "  notes (pitch[start,end) in 16th steps): " << notes_text(piece) << "\n"
            << "  wrote " << files.midi.string() << " " << files.wav.string() << " " << files.png.string()
            << (files.mp4.empty() ? "" : " " + files.mp4.string()) << "\n";
}

}  // namespace

void add_morph_command(CLI::App& root) {
  auto args = std::make_shared<MorphArgs>();
  auto* cmd = root.add_subcommand("morph", "A piece that walks the latent space from picture A's melody to B's");
  cmd->add_option("IMAGE_A", args->image_a, "The picture the piece starts from")->required()->check(CLI::ExistingFile);
  cmd->add_option("IMAGE_B", args->image_b, "The picture the piece ends at")->required()->check(CLI::ExistingFile);
  cmd->add_option("--phrases", args->n_phrases, "Phrases (steps of the walk, A and B included)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{2}, kMaxMorphPhrases));
  cmd->add_option("-o,--out", args->out_dir, "Output folder")->capture_default_str();
  cmd->add_option("--name", args->name, "Base name of the files (default: A_to_B)");
  add_composer_flags(*cmd, args->models, args->compose, args->output);
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_morph(*args); });
}

}  // namespace vec2midi::app
