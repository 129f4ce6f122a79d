// `vec2midi import-tflite`: a TensorFlow Lite image network (the original bayesVec2Midi's
// colors_mobilenet.tflite) as a vec2midi embedder file, usable by embed, embed-eval, compose, search and
// evaluate. Its colour centres and the classical baseline are fitted on a labelled photo folder; --centres
// replaces the means (and spreads, if the file has them) by centres from elsewhere, e.g. the original's
// printed ones.
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "io/error.hpp"
#include "io/progress.hpp"
#include "io/tflite_model.hpp"
#include "vision/centre_distances.hpp"
#include "vision/centres_file.hpp"
#include "vision/colour_class.hpp"
#include "vision/embedder_model.hpp"
#include "vision/embedder_record.hpp"
#include "vision/folder_dataset.hpp"
#include "vision/image_io.hpp"
#include "vision/photo_split.hpp"
#include "vision/tflite_import.hpp"
#include "vision/training_record.hpp"

namespace vec2midi::app {

namespace fs = std::filesystem;

namespace {

struct ImportTfliteArgs {
  fs::path input;
  fs::path output;
  fs::path photos;
  std::optional<fs::path> centres;
  std::optional<fs::path> split;  // fit on the train part of this photo split (--photos: the folder of its sources)
  std::optional<fs::path> exclude_held_out_of;  // an embedder whose held-out photos stay out of the fit
  bool quiet = false;
  bool json = false;
};

void print_summary(const ImportTfliteArgs& args, const vision::ImportedGraph& imported, int64_t n, int64_t n_excluded,
                   double fit_accuracy) {
  const nlohmann::json summary = {{"output", args.output.string()},
                                  {"operators", imported.n_operators},
                                  {"layers", int64_t(imported.graph.layers.size())},
                                  {"dequantised_tensors", imported.n_dequantised},
                                  {"input_size", imported.graph.input_size},
                                  {"embedding_size", imported.output_size},
                                  {"n_photos", n},
                                  {"n_excluded", n_excluded},
                                  {"accuracy_on_centre_photos", fit_accuracy}};
  if (args.json) {
    print_json(summary);
    return;
  }
  std::cout << "imported " << args.input.string() << ": " << imported.n_operators << " operators -> "
            << imported.graph.layers.size() << " layers (" << imported.n_dequantised
            << " int8 tensors dequantised, float32 arithmetic), " << imported.graph.input_size << " x "
            << imported.graph.input_size << " input, " << imported.output_size << "-d output\n"
            << "centres " << (args.centres ? "from " + args.centres->string() : std::string("fitted")) << "; nearest centre names "
            << fit_accuracy * 100.0 << " % of the " << n << " photos the centres were fitted on\n"
            << "wrote " << args.output.string() << "\n";
}

void run_import_tflite(const ImportTfliteArgs& args) {
  const io::TfliteModel tflite = io::read_tflite(args.input);
  const vision::ImportedGraph imported = vision::graph_from_tflite(tflite, args.input.string());
  if (imported.output_size < 2 || imported.output_size > 1024) {
    throw InputError(args.input.string() + ": the network's output has " + std::to_string(imported.output_size) +
                     " values, not an embedding");
  }
  vision::EmbedderModel model;
  model.graph = std::make_shared<const vision::GraphNetwork>(imported.graph);
  model.options.input_size = imported.graph.input_size;
  model.options.embedding_size = imported.output_size;

  // Centres and the baseline from the photos: every class needs at least one.
  auto items = args.split ? vision::images_of(vision::split_items(vision::read_photo_split(*args.split), args.photos,
                                                                    vision::SplitPart::train))
                          : vision::scan_folder_dataset(args.photos);
  int64_t n_excluded = 0;
  if (args.exclude_held_out_of) {
    const auto keys = vision::held_out_keys(vision::read_embedder_record(*args.exclude_held_out_of).training, args.photos);
    if (keys.empty()) throw InputError(args.exclude_held_out_of->string() + ": the model records no held-out images");
    n_excluded = int64_t(std::erase_if(items, [&](const auto& item) { return keys.contains(item.key); }));
  }
  const auto counts = vision::count_per_class(items);
  for (int c = 0; c < vision::kNumClasses; ++c) {
    if (counts[size_t(c)] == 0) {
      throw InputError(args.photos.string() + ": no photo of class '" + std::string(vision::kClassNames[size_t(c)]) + "'");
    }
  }
  const auto n = int64_t(items.size());
  std::vector<float> embeddings;  // [n, E]
  vision::RowMatrix features(n, vision::n_hue_features(model.baseline_options));
  std::vector<int> labels;
  io::Progress progress("embed photos", n, !args.quiet);
  for (int64_t i = 0; i < n; ++i) {
    const cv::Mat bgr = vision::load_image(items[size_t(i)].path);
    const std::vector<float> e = model.graph->embed(bgr);
    embeddings.insert(embeddings.end(), e.begin(), e.end());
    const std::vector<float> f = vision::hue_features(bgr, model.baseline_options);
    features.row(i) = Eigen::Map<const Eigen::RowVectorXf>(f.data(), Eigen::Index(f.size()));
    labels.push_back(items[size_t(i)].label);
    progress.advance(1);
  }
  progress.finish();
  model.centres = vision::compute_centres(embeddings, labels, imported.output_size);
  model.baseline_centroids = vision::fit_centroids(features, labels, vision::kNumClasses);
  if (args.centres) model.centres = vision::read_centres_file(*args.centres, imported.output_size, model.centres.std);
  const std::vector<int> nearest = vision::nearest_centres(embeddings, model.centres.mean, imported.output_size);
  int64_t right = 0;
  for (size_t i = 0; i < nearest.size(); ++i) right += nearest[i] == labels[i] ? 1 : 0;
  const double fit_accuracy = double(right) / double(n);

  model.training = {{"source", "import-tflite"},
                    {"file", fs::absolute(args.input).lexically_normal().string()},
                    {"arithmetic", "float32: int8 weights dequantised (" + std::to_string(imported.n_dequantised) + " tensors)"},
                    {"preprocessing", "RGB, Pillow bicubic resize to " + std::to_string(imported.graph.input_size) +
                                          " x " + std::to_string(imported.graph.input_size) + ", no crop"},
                    {"centres", args.centres ? "from " + fs::absolute(*args.centres).lexically_normal().string()
                                             : "fitted on the photos"},
                    {"photos", fs::absolute(args.photos).lexically_normal().string()},
                    {"split", args.split ? nlohmann::json(fs::absolute(*args.split).lexically_normal().string() + " (train part)")
                                         : nlohmann::json(nullptr)},
                    {"n_photos", n}};
  if (args.exclude_held_out_of) {
    model.training["excluded"] = {{"held_out_of", fs::absolute(*args.exclude_held_out_of).lexically_normal().string()},
                                  {"n_photos", n_excluded}};
  }
  vision::save_embedder_model(args.output, model, io::DType::F32);

  print_summary(args, imported, n, n_excluded, fit_accuracy);
}

}  // namespace

void add_import_tflite_command(CLI::App& root) {
  auto args = std::make_shared<ImportTfliteArgs>();
  auto* cmd = root.add_subcommand(
      "import-tflite",
      "Import a TensorFlow Lite image network (e.g. the original's colors_mobilenet.tflite) as an embedder file");
  cmd->add_option("TFLITE", args->input, "The .tflite file (MobileNet-style: conv, depthwise conv, pad, add, max pool, dense)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", args->output, "Embedder file to write (.safetensors)")->required();
  cmd->add_option("--photos", args->photos,
                  "Labelled photo folder (DIR/<colour>/...) for the colour centres and the classical baseline")
      ->required();
  cmd->add_option("--centres", args->centres,
                  "JSON centres ({classes, centres[, std]}) that replace the fitted means (and spreads if given)");
  auto* exclude = cmd->add_option("--exclude-held-out-of", args->exclude_held_out_of,
                                  "An embedder file whose held-out photos of the folder stay out of the fit (to test both on them)")
                      ->check(CLI::ExistingFile);
  cmd->add_option("--split", args->split,
                  "A photo split (split-photos): fit on its train part of every source; --photos is the folder of the sources")
      ->check(CLI::ExistingFile)
      ->excludes(exclude);
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_import_tflite(*args); });
}

}  // namespace vec2midi::app
