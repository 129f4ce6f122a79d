// `vec2midi decode`: latent vectors (from a JSON file or the prior) -> melodies with the MusicVAE decoder,
// printed as notes (or one JSON document) and optionally written as one MIDI file per melody.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "compute/precision.hpp"
#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "io/latent_json.hpp"
#include "io/progress.hpp"
#include "music/event_codec.hpp"
#include "music/midi_io.hpp"
#include "vae/melody_decoder.hpp"
#include "vae/prior_draw.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

// Melodies decoded per call (bounds memory and paces the progress line).
constexpr int64_t kDecodeChunk = 1024;
// Largest --random request (one melody is 32 bytes of events; this bounds run time, not memory).
constexpr int64_t kMaxRandom = 10'000'000;

struct DecodeArgs {
  std::string model;
  std::string z_json;
  int64_t random = 0;
  vae::DecodeOptions decode;
  std::string precision = "f32";
  std::string out_dir;
  bool json = false;
};

nlohmann::json notes_json(const music::Melody& melody) {
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& n : melody.notes) notes.push_back({{"pitch", n.pitch}, {"start", n.start_step}, {"end", n.end_step}});
  return notes;
}

void run_decode(const DecodeArgs& args) {
  const fs::path model_path = args.model.empty() ? default_model_path("default_vae.safetensors") : fs::path(args.model);
  const vae::MelodyDecoder decoder(model_path, compute::parse_precision(args.precision));
  const int64_t z_size = decoder.options().z_size;

  std::vector<float> z;  // [n, z_size]
  if (!args.z_json.empty()) {  // items[].z in the layout of ../shared/golden/*.json
    z = io::parse_latent_json(io::read_file(args.z_json, 1ull << 30), z_size, args.z_json);
  } else {
    io::Rng rng(args.decode.seed);
    z = vae::draw_prior(args.random, z_size, rng);
  }
  const int64_t n = static_cast<int64_t>(z.size()) / z_size;

  std::vector<music::Melody> melodies;
  melodies.reserve(static_cast<size_t>(n));
  io::Progress progress("decode", n, n > kDecodeChunk);
  for (int64_t first = 0; first < n; first += kDecodeChunk) {
    const int64_t count = std::min(kDecodeChunk, n - first);
    // Item i's sampling generator depends on its index in the whole request, not in the chunk.
    const std::vector<uint8_t> events =
        decoder.decode(std::span(z).subspan(size_t(first * z_size), size_t(count * z_size)), args.decode, first);
    for (int64_t i = 0; i < count; ++i) {
      melodies.push_back(music::events_to_melody(
          std::span(events).subspan(size_t(i * args.decode.n_steps), size_t(args.decode.n_steps))));
    }
    progress.advance(count);
  }
  progress.finish();

  std::vector<std::string> midi_paths;
  if (!args.out_dir.empty()) {
    const fs::path dir(args.out_dir);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) throw InputError(dir.string() + ": cannot create the output folder");
    const size_t width = std::max<size_t>(4, std::to_string(n - 1).size());
    for (int64_t i = 0; i < n; ++i) {
      std::string index = std::to_string(i);
      index.insert(0, width - index.size(), '0');
      const fs::path file = dir / ("melody_" + index + ".mid");
      music::write_melody_midi(melodies[static_cast<size_t>(i)], file);
      midi_paths.push_back(file.string());
    }
  }

  if (args.json) {
    nlohmann::json items = nlohmann::json::array();
    for (size_t i = 0; i < melodies.size(); ++i) {
      nlohmann::json item = {{"notes", notes_json(melodies[i])}};
      if (!midi_paths.empty()) item["midi"] = midi_paths[i];
      items.push_back(std::move(item));
    }
    print_json({{"model", model_path.string()},
                {"steps", args.decode.n_steps},
                {"temperature", args.decode.temperature},
                {"seed", args.decode.seed},
                {"precision", args.precision},
                {"items", items}});
    return;
  }
  for (size_t i = 0; i < melodies.size(); ++i) {
    std::cout << "melody " << i << ":";
    if (melodies[i].notes.empty()) std::cout << " (no notes)";
    for (const auto& note : melodies[i].notes) {
      std::cout << " " << note.pitch << "[" << note.start_step << "," << note.end_step << ")";
    }
    std::cout << "\n";
  }
  if (!midi_paths.empty()) std::cout << "wrote " << midi_paths.size() << " MIDI files to " << args.out_dir << "\n";
}

}  // namespace

void add_decode_command(CLI::App& root) {
  auto args = std::make_shared<DecodeArgs>();
  auto* cmd = root.add_subcommand("decode", "Decode MusicVAE latent vectors into melodies (notes, JSON, MIDI)");
  cmd->add_option("--model", args->model, "MusicVAE model file (.safetensors; default: the shipped models/default_vae.safetensors)");
  auto* z_json = cmd->add_option("--z-json", args->z_json, "JSON file with items[].z latent vectors (golden-file layout)")
                     ->check(CLI::ExistingFile);
  auto* random = cmd->add_option("--random", args->random, "Decode N latent vectors drawn from the prior N(0, I)")
                     ->check(CLI::Range(int64_t{1}, kMaxRandom));
  z_json->excludes(random);
  random->excludes(z_json);
  cmd->add_option("--steps", args->decode.n_steps, "Steps per melody (16th notes; 1..32 for 2-bar models)")
      ->capture_default_str();
  cmd->add_option("--temperature", args->decode.temperature,
                  "Softmax sampling temperature; 0 = greedy argmax")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", args->decode.seed, "Seed of --random and of temperature sampling")->capture_default_str();
  cmd->add_option("--precision", args->precision,
                  "GEMM arithmetic: f32 (exact against Magenta's decodes) or bf16 (faster; most steps agree, "
                  "docs/BENCHMARKS.md)")
      ->capture_default_str()
      ->check(CLI::IsMember({"f32", "bf16"}));
  cmd->add_option("-o,--out", args->out_dir, "Write one MIDI file per melody into this folder");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] {
    if (args->z_json.empty() && args->random == 0) throw InputError("decode needs --z-json FILE or --random N");
    run_decode(*args);
  });
}

}  // namespace vec2midi::app
