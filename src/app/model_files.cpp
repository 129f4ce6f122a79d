#include "app/model_files.hpp"

#include "app/cli.hpp"
#include "io/error.hpp"
#include "vision/centres_file.hpp"
#include "vision/plain_embedder.hpp"

namespace vec2midi::app {
namespace fs = std::filesystem;

void add_model_flags(CLI::App& cmd, std::string& model, std::string& embedder, std::string& centres,
                     const std::string& embedder_help) {
  cmd.add_option("--model", model, "MusicVAE model file (default: models/default_vae.safetensors)");
  cmd.add_option("--embedder", embedder, embedder_help + " (default: models/embedder.safetensors)");
  cmd.add_option("--centres", centres,
                 "JSON colour centres ({classes, centres[, std]}) that replace the embedder's (its std is kept if the file has none)")
      ->check(CLI::ExistingFile);
}

fs::path existing_model(const std::string& given, std::string_view default_name, const std::string& how_to_make) {
  const fs::path path = given.empty() ? default_model_path(default_name) : fs::path(given);
  if (!fs::is_regular_file(path)) throw InputError(path.string() + ": no such model file (make it with " + how_to_make + ")");
  return path;
}

fs::path vae_file(const std::string& given) {
  return existing_model(given, "default_vae.safetensors", "`vec2midi train-vae` or `vec2midi import-magenta`");
}

fs::path embedder_file(const std::string& given) {
  return existing_model(given, "embedder.safetensors", "`vec2midi train-embedder`");
}

vision::ColourCentres centres_to_use(const std::string& centres_file, const vision::PlainEmbedder& embedder) {
  if (centres_file.empty()) return embedder.centres();
  return vision::read_centres_file(centres_file, embedder.options().embedding_size, embedder.centres().std);
}

}  // namespace vec2midi::app
