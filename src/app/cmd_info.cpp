// `vec2midi info`: what this build is and which shipped models and shared data it finds.
#include <torch/version.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "app/cli.hpp"
#include "app/commands.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

namespace {

struct InfoArgs {
  bool json = false;
};

void run_info(const InfoArgs& args) {
  const char* model_files[] = {"default_vae.safetensors", "mel_2bar_small_encoder.safetensors",
                               "embedder.safetensors", "transition_default.safetensors",
                               "transition_mel_2bar_small.safetensors"};
  nlohmann::json models = nlohmann::json::object();
  for (const char* name : model_files) {
    const fs::path path = default_model_path(name);
    std::error_code ec;
    models[name] = {{"path", path.string()}, {"present", fs::is_regular_file(path, ec)}};
  }
  nlohmann::json doc = {{"version", "0.1.0"},
                        {"libtorch", TORCH_VERSION},
                        {"hardware_threads", std::thread::hardware_concurrency()},
                        {"models", models}};
  if (args.json) {
    print_json(doc);
    return;
  }
  std::cout << "vec2midi 0.1.0 (libtorch " << TORCH_VERSION << ", " << std::thread::hardware_concurrency()
            << " hardware threads)\nshipped models:\n";
  for (const auto& [name, entry] : models.items()) {
    std::cout << "  " << name << ": " << entry["path"].get<std::string>()
              << (entry["present"].get<bool>() ? "" : "  (missing)") << "\n";
  }
}

}  // namespace

void add_info_command(CLI::App& root) {
  auto args = std::make_shared<InfoArgs>();
  auto* cmd = root.add_subcommand("info", "Show the version and which shipped models are found");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_info(*args); });
}

}  // namespace vec2midi::app
