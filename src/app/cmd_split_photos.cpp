// `vec2midi split-photos`: one fixed train / validation / test split of labelled photo folders, per source
// and per class, written once as a JSON file of names (the repository's data/photo_split.json) and read
// by train-embedder, embed-eval and import-tflite through --split.
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "io/error.hpp"
#include "vision/photo_split.hpp"

namespace vec2midi::app {

namespace fs = std::filesystem;

namespace {

struct SplitPhotosArgs {
  fs::path root;
  std::vector<std::string> sources;  // empty: every sub-folder of root
  fs::path output;
  vision::PhotoSplitOptions split;
  bool json = false;
};

std::vector<std::string> source_folders(const fs::path& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw InputError(root.string() + ": not a directory (expected one folder per photo source)");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  if (names.empty()) throw InputError(root.string() + ": no source folder");
  return names;
}

void run_split_photos(SplitPhotosArgs& args) {
  if (args.sources.empty()) args.sources = source_folders(args.root);
  const vision::PhotoSplit split = vision::make_photo_split(args.root, args.sources, args.split);
  vision::write_photo_split(args.output, split);
  nlohmann::json doc = {{"output", args.output.string()}, {"seed", args.split.seed}, {"sources", nlohmann::json::object()}};
  for (const auto& source : args.sources) {
    for (const auto& [part, n] : vision::part_sizes(split, source)) doc["sources"][source][std::string(vision::part_name(part))] = n;
  }
  if (args.json) {
    print_json(doc);
    return;
  }
  std::cout << std::left << std::setw(16) << "source" << std::right << std::setw(8) << "train" << std::setw(12) << "validation"
            << std::setw(8) << "test\n";
  for (const auto& source : args.sources) {
    const auto& s = doc["sources"][source];
    std::cout << std::left << std::setw(16) << source << std::right << std::setw(8) << s["train"].get<int64_t>() << std::setw(12)
              << s["validation"].get<int64_t>() << std::setw(7) << s["test"].get<int64_t>() << "\n";
  }
  std::cout << "wrote " << args.output.string() << "\n";
}

}  // namespace

void add_split_photos_command(CLI::App& root) {
  auto args = std::make_shared<SplitPhotosArgs>();
  auto* cmd = root.add_subcommand("split-photos",
                                  "Split labelled photo folders into fixed train / validation / test parts (a JSON file of names)");
  cmd->add_option("ROOT", args->root, "Folder of photo sources, each with one sub-folder per colour class")->required();
  cmd->add_option("-o,--output", args->output, "Split file to write (.json)")->required();
  cmd->add_option("--source", args->sources, "Source folders under ROOT to split (repeatable; default: every sub-folder)");
  cmd->add_option("--validation", args->split.validation, "Share of each class of each source for validation")
      ->check(CLI::Range(0.0, 0.9))
      ->capture_default_str();
  cmd->add_option("--test", args->split.test, "Share of each class of each source for the test")
      ->check(CLI::Range(0.0, 0.9))
      ->capture_default_str();
  cmd->add_option("--seed", args->split.seed, "Seed of the per-class shuffles")->capture_default_str();
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_split_photos(*args); });
}

}  // namespace vec2midi::app
