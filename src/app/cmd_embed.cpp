// `vec2midi embed`: the Image2Vec embedding of each picture, its nearest colour centre and the
// squared distances to all nine centres.
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "vision/centre_distances.hpp"
#include "vision/colour_class.hpp"
#include "vision/plain_embedder.hpp"

namespace vec2midi::app {

namespace fs = std::filesystem;

namespace {

struct EmbedArgs {
  std::vector<fs::path> images;
  fs::path embedder;
  bool json = false;
};

void run_embed(const EmbedArgs& args) {
  const vision::PlainEmbedder embedder(args.embedder);
  nlohmann::json out = nlohmann::json::array();
  const std::vector<std::vector<float>> embeddings = embedder.embed_files(args.images);  // [n][E]
  for (size_t i = 0; i < args.images.size(); ++i) {
    const vision::CentreDistances d = vision::centre_distances(embeddings[i], embedder.centres().mean);
    nlohmann::json distances = nlohmann::json::object();
    for (int c = 0; c < vision::kNumClasses; ++c) distances[std::string(vision::kClassNames[size_t(c)])] = d.squared[size_t(c)];
    out.push_back({{"path", args.images[i].string()},
                   {"colour", std::string(vision::kClassNames[size_t(d.nearest)])},
                   {"embedding", embeddings[i]},
                   {"distances", distances}});
  }
  if (args.json) {
    print_json({{"model", args.embedder.string()}, {"images", out}});
    return;
  }
  std::cout << std::fixed << std::setprecision(3);
  for (const auto& item : out) {
    std::cout << item["path"].get<std::string>() << ": " << item["colour"].get<std::string>() << "\n  embedding";
    for (float v : item["embedding"]) std::cout << " " << v;
    std::cout << "\n  squared distance";
    for (const auto& [name, v] : item["distances"].items()) std::cout << " " << name << "=" << v.get<float>();
    std::cout << "\n";
  }
}

}  // namespace

void add_embed_command(CLI::App& root) {
  auto args = std::make_shared<EmbedArgs>();
  args->embedder = default_model_path("embedder.safetensors");
  auto* cmd = root.add_subcommand("embed", "Embed pictures with Image2Vec and name their attention colour");
  cmd->add_option("IMAGE", args->images, "JPEG, PNG, BMP or WebP pictures")->required();
  cmd->add_option("--embedder", args->embedder, "Embedder model file")->capture_default_str();
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_embed(*args); });
}

}  // namespace vec2midi::app
