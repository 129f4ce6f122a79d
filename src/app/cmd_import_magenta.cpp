// `vec2midi import-magenta SRC -o OUT.safetensors`: converts a Magenta MusicVAE checkpoint
// (deeplearn.js folder, tfjs folder or TensorFlow tensor bundle) into a vec2midi model file.
#include <iostream>
#include <memory>
#include <string>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "vae/magenta_import.hpp"

namespace vec2midi::app {

namespace {

struct ImportMagentaArgs {
  std::string source;
  std::string output;
  bool fp16 = false;
  bool quiet = false;
  bool json = false;
};

std::string join(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

void run_import_magenta(const ImportMagentaArgs& args) {
  vae::ImportOptions options;
  options.dtype = args.fp16 ? io::DType::F16 : io::DType::F32;
  options.show_progress = !args.quiet && !args.json;
  const vae::ImportReport r = vae::import_magenta(args.source, args.output, options);
  const auto& inf = r.inference;
  if (args.json) {
    print_json({{"source", r.source},
                {"output", args.output},
                {"dtype", std::string(io::dtype_name(options.dtype))},
                {"n_tensors", r.n_tensors},
                {"n_bytes", r.n_bytes},
                {"music_vae", nlohmann::json::parse(inf.options.to_json_string())},
                {"architecture", vae::describe_architecture(inf.options)},
                {"missing_encoder", inf.missing_encoder},
                {"dropped", inf.dropped},
                {"ignored", inf.ignored}});
    return;
  }
  std::cout << "imported " << r.n_tensors << " tensors (" << r.n_bytes << " bytes, " << io::dtype_name(options.dtype)
            << ") from " << r.source << " into " << args.output << "\n";
  std::cout << "architecture: " << vae::describe_architecture(inf.options) << ", " << inf.options.max_steps << " steps\n";
  if (!inf.options.has_encoder) {
    std::cout << "decoder-only: the checkpoint lacks " << join(inf.missing_encoder) << "\n";
    if (!inf.dropped.empty()) std::cout << "dropped the incomplete encoder's tensors: " << join(inf.dropped) << "\n";
  }
  if (!inf.ignored.empty()) {
    std::cout << "skipped " << inf.ignored.size() << " variables outside the model (optimizer slots, step counters, others)\n";
  }
}

}  // namespace

void add_import_magenta_command(CLI::App& root) {
  auto args = std::make_shared<ImportMagentaArgs>();
  auto* cmd = root.add_subcommand("import-magenta", "Convert a Magenta MusicVAE checkpoint into a vec2midi model file");
  cmd->add_option("SRC", args->source,
                  "deeplearn.js folder (manifest.json), tfjs folder (weights_manifest.json), or TensorFlow "
                  "checkpoint (prefix, .index file, or folder holding one)")
      ->required();
  cmd->add_option("-o,--output", args->output, "Model file to write (.safetensors)")->required();
  cmd->add_flag("--fp16", args->fp16, "Store weights as float16 (half the size)");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_import_magenta(*args); });
}

}  // namespace vec2midi::app
