// `vec2midi embed-plot`: the embeddings of a labelled folder projected to 3-D by PCA, coloured by
// class, as a PNG and a rotating animated GIF (the original showed a UMAP animation).
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "render/image_writers.hpp"
#include "vision/embedder_evaluation.hpp"
#include "vision/embedding_plot.hpp"
#include "vision/pca.hpp"

namespace vec2midi::app {

namespace fs = std::filesystem;

namespace {

struct EmbedPlotArgs {
  fs::path dir;
  fs::path out;
  fs::path embedder;
  vision::EmbeddingPlotOptions plot;
  bool quiet = false;
  bool json = false;
};

void run_embed_plot(EmbedPlotArgs& args) {
  const vision::MeasuredEmbedder model = vision::read_measured_embedder(args.embedder);
  const auto items = vision::scan_folder_dataset(args.dir);
  const auto r = vision::evaluate_embedder(model, items, !args.quiet);
  const auto pca = vision::fit_pca(r.embeddings, 3);
  const vision::RowMatrix xyz = vision::project(pca, r.embeddings);  // [N, 3]
  std::vector<int> labels;
  for (const auto& item : items) labels.push_back(item.label);
  char subtitle[160];
  std::snprintf(subtitle, sizeof subtitle, "PCA of %lld-d embeddings, %zu images; variance explained %.0f%%",
                static_cast<long long>(model.centres.embedding_size), items.size(),
                100.0 * double(pca.explained_ratio.sum()));
  args.plot.subtitle = subtitle;
  fs::path stem = args.out;
  if (stem.extension() == ".png" || stem.extension() == ".gif") stem.replace_extension();
  const fs::path png = stem.string() + ".png", gif = stem.string() + ".gif";
  if (!stem.parent_path().empty()) fs::create_directories(stem.parent_path());
  render::write_png(png, vision::render_embedding_frame(xyz, labels, 30.0, args.plot));
  render::write_gif(gif, vision::render_embedding_turntable(xyz, labels, args.plot), args.plot.fps);
  const std::vector<float> explained(pca.explained_ratio.begin(), pca.explained_ratio.end());
  if (args.json) {
    print_json({{"png", png.string()},
                {"gif", gif.string()},
                {"n_images", items.size()},
                {"projection", "pca"},
                {"explained_variance_ratio", explained},
                {"n_frames", args.plot.n_frames}});
    return;
  }
  std::cout << "wrote " << png.string() << " and " << gif.string() << " (" << items.size() << " images, PCA to 3-D)\n";
}

}  // namespace

void add_embed_plot_command(CLI::App& root) {
  auto args = std::make_shared<EmbedPlotArgs>();
  args->embedder = default_model_path("embedder.safetensors");
  auto* cmd = root.add_subcommand("embed-plot", "Draw a folder's embeddings in 3-D (PCA) as a PNG and a rotating GIF");
  cmd->add_option("DIR", args->dir, "Folder with one sub-folder per colour class")->required();
  cmd->add_option("-o,--out", args->out, "Output path without extension (writes OUT.png and OUT.gif)")->required();
  cmd->add_option("--embedder", args->embedder, "Embedder model file")->capture_default_str();
  cmd->add_option("--size", args->plot.size, "Picture side in pixels")->capture_default_str()->check(CLI::Range(200, 4096));
  cmd->add_option("--frames", args->plot.n_frames, "Frames of one turn")->capture_default_str()->check(CLI::Range(2, 720));
  cmd->add_option("--fps", args->plot.fps, "Animation frame rate")->capture_default_str()->check(CLI::Range(1, 60));
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_embed_plot(*args); });
}

}  // namespace vec2midi::app
