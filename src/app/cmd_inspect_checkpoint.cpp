// `vec2midi inspect-checkpoint SRC`: lists a Magenta checkpoint's variables (name, dtype, shape,
// place on disk) and the MusicVAE architecture inferred from their shapes. Works on a tensor-bundle
// index whose data file is absent (e.g. the real cat-mel_2bar_big index).
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <set>
#include <string>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "io/error.hpp"
#include "io/model_file.hpp"
#include "vae/checkpoint_reader.hpp"
#include "vae/music_vae_config.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

struct InspectCheckpointArgs {
  std::string source;
  bool json = false;
};

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

void run_inspect_checkpoint(const InspectCheckpointArgs& args) {
  const std::unique_ptr<vae::CheckpointReader> reader = vae::open_checkpoint(args.source);
  const auto& vars = reader->variables();
  const bool is_bundle = reader->format() == vae::CheckpointFormat::TfBundle;

  std::set<fs::path> files, missing;
  for (const auto& v : vars) files.insert(v.file);
  for (const auto& f : files) {
    std::error_code ec;
    if (!fs::is_regular_file(f, ec)) missing.insert(f);
  }
  std::optional<vae::MusicVaeInference> inference;
  std::string not_music_vae;
  try {
    inference = vae::infer_music_vae(vae::shapes_of(vars), reader->sequence_length());
  } catch (const InputError& e) {
    not_music_vae = e.what();
  }

  if (args.json) {
    nlohmann::json variables = nlohmann::json::array();
    for (const auto& v : vars) {
      nlohmann::json entry = {{"name", v.name},     {"dtype", v.dtype},  {"shape", v.shape},
                              {"file", v.file.string()}, {"offset", v.offset}, {"size", v.size},
                              {"optimizer_slot", vae::is_optimizer_slot(v.name)}, {"present", v.present}};
      if (is_bundle) {
        entry["shard"] = v.shard;
        entry["masked_crc32c"] = hex32(v.masked_crc32c);
      }
      variables.push_back(entry);
    }
    nlohmann::json missing_json = nlohmann::json::array();
    for (const auto& f : missing) missing_json.push_back(f.string());
    nlohmann::json doc = {{"source", reader->description()},
                          {"format", std::string(vae::format_name(reader->format()))},
                          {"n_variables", vars.size()},
                          {"variables", variables},
                          {"missing_files", missing_json}};
    if (inference) {
      doc["music_vae"] = nlohmann::json::parse(inference->options.to_json_string());
      doc["architecture"] = vae::describe_architecture(inference->options);
      doc["missing_encoder"] = inference->missing_encoder;
      doc["dropped_on_import"] = inference->dropped;
      doc["ignored_on_import"] = inference->ignored;
    } else {
      doc["music_vae"] = nullptr;
      doc["not_music_vae"] = not_music_vae;
    }
    print_json(doc);
    return;
  }

  std::cout << reader->description() << " (" << vae::format_name(reader->format()) << "): " << vars.size()
            << " variables\n";
  size_t width = 8;
  for (const auto& v : vars) width = std::max(width, v.name.size());
  for (const auto& v : vars) {
    std::cout << "  " << std::left << std::setw(static_cast<int>(width)) << v.name << "  " << std::setw(8) << v.dtype
              << std::setw(16) << io::shape_string(v.shape) << std::right;
    if (is_bundle) std::cout << " shard " << v.shard;
    std::cout << " offset " << v.offset << " size " << v.size;
    if (is_bundle) std::cout << " crc " << hex32(v.masked_crc32c);
    if (vae::is_optimizer_slot(v.name)) std::cout << "  (optimizer)";
    if (!v.present) std::cout << "  (file absent)";
    std::cout << "\n";
  }
  for (const auto& f : missing) std::cout << "missing data file: " << f.string() << " (listing only; import would fail)\n";
  if (!inference) {
    std::cout << "not a MusicVAE: " << not_music_vae << "\n";
    return;
  }
  std::cout << "MusicVAE: " << vae::describe_architecture(inference->options) << ", " << inference->options.max_steps
            << " steps\n";
  if (!inference->missing_encoder.empty()) {
    std::cout << "decoder-only: " << inference->missing_encoder.size() << " encoder variables missing (first: "
              << inference->missing_encoder.front() << ")\n";
  }
}

}  // namespace

void add_inspect_checkpoint_command(CLI::App& root) {
  auto args = std::make_shared<InspectCheckpointArgs>();
  auto* cmd = root.add_subcommand("inspect-checkpoint",
                                  "List a Magenta checkpoint's variables and the MusicVAE architecture they imply");
  cmd->add_option("SRC", args->source,
                  "deeplearn.js folder (manifest.json), tfjs folder (weights_manifest.json), or TensorFlow "
                  "checkpoint (prefix, .index file, or folder holding one)")
      ->required();
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_inspect_checkpoint(*args); });
}

}  // namespace vec2midi::app
