// `vec2midi interpolate A.mid B.mid`: Magenta's MusicVAE interpolation. The first 2-bar melody window
// of each file is encoded (the encoder's μ, refined by a few steps on the decoder by default), the
// latent path between them is walked by slerp, and each point is decoded; the melodies are written one
// after another as one MIDI file and printed as notes.
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "app/composition_json.hpp"
#include "io/error.hpp"
#include "music/concatenate.hpp"
#include "music/event_codec.hpp"
#include "music/melody_extraction.hpp"
#include "music/midi_io.hpp"
#include "vae/inference_vae.hpp"
#include "vae/latent_interpolation.hpp"
#include "vae/latent_refinement.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

// Most melodies one interpolation may have.
constexpr int64_t kMaxPoints = 64;

struct InterpolateArgs {
  fs::path midi_a, midi_b;
  std::string model, encoder;
  int64_t n_points = 8;
  int64_t window_a = 0, window_b = 0;
  vae::LatentRefinementOptions refine{.n_steps = 50, .learning_rate = 0.6};
  double temperature = 0.0;
  uint64_t seed = 0;
  fs::path output;
  double qpm = music::kDefaultQpm;
  bool force = false;
  bool json = false;
};

// Window `index` of the 2-bar melody windows Magenta's pipeline extracts from `path`.
std::vector<uint8_t> melody_window(const fs::path& path, int64_t index) {
  const music::FileWindows w = music::extract_windows(music::read_midi(path), music::ExtractionOptions{});
  if (w.windows.empty()) {
    throw InputError(path.string() + ": no 2-bar melody window (Magenta's extraction needs a 4/4 melody of 2+ bars)");
  }
  if (index < 0 || index >= static_cast<int64_t>(w.windows.size())) {
    throw InputError(path.string() + ": has " + std::to_string(w.windows.size()) + " melody windows; window " +
                     std::to_string(index) + " does not exist");
  }
  return w.windows[static_cast<size_t>(index)].events;
}

void run_interpolate(const InterpolateArgs& args) {
  if (args.n_points < 2 || args.n_points > kMaxPoints) {
    throw InputError("--steps must be 2.." + std::to_string(kMaxPoints) + ", got " + std::to_string(args.n_points));
  }
  if (!args.output.empty() && fs::exists(args.output) && !args.force) {
    throw InputError(args.output.string() + " exists (pass --force to overwrite it)");
  }
  const fs::path model_path = args.model.empty() ? default_model_path("default_vae.safetensors") : fs::path(args.model);
  const vae::InferenceVae model = vae::load_inference_vae(model_path, args.encoder);
  if (!model.encoder) {
    throw InputError(model_path.string() + " has no encoder: pass --encoder (vec2midi fit-encoder makes one)");
  }
  const std::vector<uint8_t> a = melody_window(args.midi_a, args.window_a);
  const std::vector<uint8_t> b = melody_window(args.midi_b, args.window_b);
  const int64_t n_steps = static_cast<int64_t>(a.size());

  std::vector<uint8_t> events(a.begin(), a.end());  // [2, T]
  events.insert(events.end(), b.begin(), b.end());
  const std::vector<float> mu = model.encoder->encode(events, n_steps);                             // [2, Z]
  const std::vector<float> z = vae::refine_latents(*model.teacher, events, n_steps, mu, args.refine);  // [2, Z]
  const size_t z_size = size_t(model.options.z_size);
  const std::span<const float> ends(z);
  const std::vector<float> path = vae::slerp(ends.first(z_size), ends.subspan(z_size), args.n_points);  // [n, Z]
  const std::vector<uint8_t> decoded = model.decoder->decode(
      path, {.n_steps = n_steps, .temperature = args.temperature, .seed = args.seed});  // [n, T]

  std::vector<music::Melody> phrases;
  nlohmann::json melodies = nlohmann::json::array();
  for (int64_t i = 0; i < args.n_points; ++i) {
    const uint8_t* row = decoded.data() + i * n_steps;
    phrases.push_back(music::events_to_melody(std::span<const uint8_t>(row, static_cast<size_t>(n_steps))));
    melodies.push_back(notes_json(phrases.back()));
  }
  const music::Melody piece = music::concatenate(phrases);
  if (!args.output.empty()) music::write_melody_midi(piece, args.output, {.qpm = args.qpm});

  if (args.json) {
    print_json({{"model", model_path.string()},
                {"encoder", args.encoder.empty() ? nlohmann::json(nullptr) : nlohmann::json(args.encoder)},
                {"refine_steps", args.refine.n_steps},
                {"steps_per_melody", n_steps},
                {"melodies", melodies},
                {"output", args.output.empty() ? nlohmann::json(nullptr) : nlohmann::json(args.output.string())}});
    return;
  }
  for (int64_t i = 0; i < args.n_points; ++i) {
    std::cout << (i == 0 ? "A " : i + 1 == args.n_points ? "B " : "  ") << i << ":";
    for (const auto& n : melodies[static_cast<size_t>(i)]) {
      std::cout << " " << n["pitch"].get<int>() << "@" << n["start"].get<int64_t>() << "-" << n["end"].get<int64_t>();
    }
    std::cout << "\n";
  }
  if (!args.output.empty()) std::cout << "wrote " << args.output.string() << "\n";
}

}  // namespace

void add_interpolate_command(CLI::App& root) {
  auto args = std::make_shared<InterpolateArgs>();
  auto* cmd = root.add_subcommand(
      "interpolate",
      "Interpolate between the first 2-bar melodies of two MIDI files through the MusicVAE latent space (slerp),\n"
      "as Magenta's MusicVAE.interpolate does; writes the melodies one after another as one MIDI file");
  cmd->add_option("A", args->midi_a, "First MIDI file")->required()->check(CLI::ExistingFile);
  cmd->add_option("B", args->midi_b, "Second MIDI file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--model", args->model, "MusicVAE model file (default: the shipped models/default_vae.safetensors)");
  cmd->add_option("--encoder", args->encoder, "Encoder file to join to the model's decoder (vec2midi fit-encoder)");
  cmd->add_option("--steps", args->n_points, "Melodies on the path, A and B included")->capture_default_str();
  cmd->add_option("--window-a", args->window_a, "Which 2-bar window of A (0 = the first)")->capture_default_str();
  cmd->add_option("--window-b", args->window_b, "Which 2-bar window of B (0 = the first)")->capture_default_str();
  cmd->add_option("--refine-steps", args->refine.n_steps,
                  "Adam steps refining each encoded z on the decoder (0 = the encoder's mu as it is)")
      ->capture_default_str()->check(CLI::Range(int64_t{0}, int64_t{10000}));
  cmd->add_option("--temperature", args->temperature, "Decoding temperature (0 = greedy)")->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", args->seed, "Seed of temperature sampling")->capture_default_str();
  cmd->add_option("-o,--output", args->output, "MIDI file to write (the melodies one after another)");
  cmd->add_option("--tempo", args->qpm, "Tempo of the MIDI file, quarter notes per minute")->capture_default_str()
      ->check(CLI::Range(10.0, 1000.0));
  cmd->add_flag("--force", args->force, "Overwrite the output file");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_interpolate(*args); });
}

}  // namespace vec2midi::app
