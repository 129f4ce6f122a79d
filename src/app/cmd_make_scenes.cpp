// `vec2midi make-scenes`: writes a balanced set of labelled synthetic colour scenes, one folder
// per class, for training or checking the Image2Vec embedder.
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "io/progress.hpp"
#include "vision/colour_class.hpp"
#include "vision/scene_generator.hpp"

namespace vec2midi::app {

namespace {

struct MakeScenesArgs {
  int64_t n_scenes = 900;
  uint64_t seed = 1;
  std::filesystem::path out;
  vision::SceneOptions scene;
  bool quiet = false;
  bool json = false;
};

void run_make_scenes(const MakeScenesArgs& args) {
  io::Progress progress("scenes", args.n_scenes, !args.quiet);
  vision::write_scenes(args.out, args.n_scenes, args.seed, args.scene, [&] { progress.advance(); });
  progress.finish();
  nlohmann::json per_class = nlohmann::json::object();
  for (int c = 0; c < vision::kNumClasses; ++c) {
    per_class[std::string(vision::kClassNames[size_t(c)])] = args.n_scenes / vision::kNumClasses +
                                                              (c < args.n_scenes % vision::kNumClasses ? 1 : 0);
  }
  if (args.json) {
    print_json({{"dir", args.out.string()}, {"n_scenes", args.n_scenes}, {"seed", args.seed}, {"per_class", per_class}});
  } else {
    std::cout << "wrote " << args.n_scenes << " scenes to " << args.out.string() << " (one folder per class)\n";
  }
}

}  // namespace

void add_make_scenes_command(CLI::App& root) {
  auto args = std::make_shared<MakeScenesArgs>();
  auto* cmd = root.add_subcommand("make-scenes", "Write labelled synthetic colour scenes, one folder per class");
  cmd->add_option("--n", args->n_scenes, "Number of scenes (balanced over the 9 classes)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", args->seed, "Random seed")->capture_default_str();
  cmd->add_option("-o,--out", args->out, "Output folder (created)")->required();
  cmd->add_option("--size", args->scene.size, "Longer side of a scene in pixels")
      ->capture_default_str()
      ->check(CLI::Range(32, 4096));
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_make_scenes(*args); });
}

}  // namespace vec2midi::app
