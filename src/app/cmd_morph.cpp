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
#include "io/error.hpp"
#include "vision/image_io.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

// Most phrases one morph may have (64 one-bar phrases are about two minutes at 120 qpm).
constexpr int64_t kMaxPhrases = 64;

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
  // The walk's ends are single phrases (with the nudges); only the walk itself is arranged as a piece.
  ComposeOptions ends = options;
  ends.key.reset();
  ends.accompaniment = compose::Accompaniment::kNone;
  const Composition a = composer.compose(a_picture, ends);
  const Composition b = composer.compose(b_picture, ends);
  std::optional<compose::Arrangement> arrangement;
  if (options.is_piece()) arrangement = composer.morph_piece(a, b, args.n_phrases, options);
  const music::Melody piece = arrangement ? arrangement->melody : composer.morph(a, b, args.n_phrases, options);
  const std::vector<cv::Mat> pictures{a_picture, b_picture};
  const std::vector<render::Rgb> colours{a.display_colour(), b.display_colour()};
  const OutputFiles files = arrangement ? write_composition_files(*arrangement, pictures, colours, args.out_dir, name, args.output)
                                        : write_composition_files(piece, pictures, colours, args.out_dir, name, args.output);
  if (args.json) {
    nlohmann::json from = composition_json(a, ends), to = composition_json(b, ends);
    from["image"] = args.image_a.string();
    to["image"] = args.image_b.string();
    nlohmann::json doc = {{"from", from},
                          {"to", to},
                          {"phrases", args.n_phrases},
                          {"steps", piece.n_steps},
                          {"notes", notes_json(piece)},
                          {"files", files.to_json()}};
    if (arrangement) doc.update(piece_json(*arrangement));
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
      ->check(CLI::Range(int64_t{2}, kMaxPhrases));
  cmd->add_option("-o,--out", args->out_dir, "Output folder")->capture_default_str();
  cmd->add_option("--name", args->name, "Base name of the files (default: A_to_B)");
  add_composer_flags(*cmd, args->models, args->compose, args->output);
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_morph(*args); });
}

}  // namespace vec2midi::app
