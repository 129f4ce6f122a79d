// `vec2midi fit-centres`: an embedder file's colour centres fitted again, on one part of a photo split (its train
// part by default, the photos the centres were first fitted on), under a view of the pictures (embedder_view.hpp: a
// centred crop). Writes a copy of the file with those centres and the view; the network, its classical baseline and
// its training record stay as they were, the record gaining what this fit did ("centres"). Every command that reads
// the new file then sees the pictures through the view. docs/EMBEDDER.md says why (the centred 80 % crop).
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "io/error.hpp"
#include "io/model_file.hpp"
#include "io/progress.hpp"
#include "io/safetensors.hpp"
#include "search/embedding_set.hpp"
#include "vision/centre_distances.hpp"
#include "vision/colour_centres.hpp"
#include "vision/embedder_file.hpp"
#include "vision/embedder_record.hpp"
#include "vision/embedder_view.hpp"
#include "vision/folder_dataset.hpp"
#include "vision/photo_split.hpp"
#include "vision/plain_embedder.hpp"

namespace vec2midi::app {

namespace fs = std::filesystem;

namespace {

struct FitCentresArgs {
  fs::path embedder;
  fs::path photos;
  fs::path split;
  std::string part = "train";
  vision::EmbedderView view;
  fs::path output;
  bool quiet = false;
  bool json = false;
};

std::string absolute_string(const fs::path& path) { return fs::absolute(path).lexically_normal().string(); }

void run_fit_centres(const FitCentresArgs& args) {
  const vision::PlainEmbedder net(args.embedder, args.view);  // checks the crop
  const std::vector<vision::LabelledImage> items = vision::images_of(
      vision::named_part_items(vision::read_photo_split(args.split), args.split, args.photos, args.part));
  const std::vector<int64_t> counts = vision::count_per_class(items);
  for (int c = 0; c < vision::kNumClasses; ++c) {
    if (counts[size_t(c)] == 0) {
      throw InputError(args.split.string() + ": the " + args.part + " part has no photo of class '" +
                       std::string(vision::kClassNames[size_t(c)]) + "'");
    }
  }

  const auto n = int64_t(items.size());
  io::Progress progress("embed photos", n, !args.quiet);
  const search::EmbeddingSet set = search::embed_images(net, items, [&](int64_t done) { progress.set_done(done); });
  progress.finish();
  const int64_t e = set.embedding_size;
  const std::vector<float>& embeddings = set.embeddings;  // [n, E]
  const std::vector<int>& labels = set.labels;
  const vision::ColourCentres centres = vision::compute_centres(embeddings, labels, e);
  const std::vector<int> nearest = vision::nearest_centres(embeddings, centres.mean, e);
  int64_t right = 0;
  for (size_t i = 0; i < nearest.size(); ++i) right += nearest[i] == labels[i] ? 1 : 0;
  const double fit_accuracy = double(right) / double(n);

  // The source file as it is, with the new centres, the view and the record of this fit.
  const io::ModelFile source(args.embedder, vision::embedder_kind());
  io::Safetensors out = source.file();
  out.tensors["centres.mean"] = io::StoredTensor::from_float({vision::kNumClasses, e}, centres.mean, io::DType::F32);
  out.tensors["centres.std"] = io::StoredTensor::from_float({vision::kNumClasses, e}, centres.std, io::DType::F32);
  if (args.view.whole_frame()) {
    out.metadata.erase("view");
  } else {
    out.metadata["view"] = args.view.to_json_string();
  }
  nlohmann::json training = vision::read_embedder_record(source).training;
  const nlohmann::json fit = {{"command", "fit-centres"},
                              {"from", absolute_string(args.embedder)},
                              {"view", nlohmann::json::parse(args.view.to_json_string())},
                              {"photos", absolute_string(args.photos)},
                              {"split", absolute_string(args.split)},
                              {"part", args.part},
                              {"n_photos", n},
                              {"accuracy_on_fit_photos", fit_accuracy}};
  training["centres"] = fit;
  out.metadata["training"] = training.dump();
  io::write_safetensors(args.output, out);

  if (args.json) {
    nlohmann::json doc = fit;
    doc["output"] = args.output.string();
    print_json(doc);
    return;
  }
  std::cout << "centres fitted on the " << n << " photos of the " << args.part << " part of " << args.split.string()
            << ", view: centred crop " << args.view.centre_crop * 100.0 << " % of each side\n"
            << "nearest centre names " << fit_accuracy * 100.0 << " % of them\n"
            << "wrote " << args.output.string() << "\n";
}

}  // namespace

void add_fit_centres_command(CLI::App& root) {
  auto args = std::make_shared<FitCentresArgs>();
  args->embedder = default_model_path("embedder.safetensors");
  auto* cmd = root.add_subcommand(
      "fit-centres",
      "Fit an embedder's colour centres again on a part of a photo split, under a view (a centred crop of each "
      "side), and write a copy of the file with them; every command then sees pictures through that view");
  cmd->add_option("--embedder", args->embedder, "Embedder model file")->capture_default_str();
  cmd->add_option("--photos", args->photos, "The folder of the split's sources (e.g. ../shared/data/photos)")->required();
  cmd->add_option("--split", args->split, "A photo split (split-photos), e.g. data/photo_split.json")->required();
  cmd->add_option("--part", args->part, "The part whose photos the centres are fitted on (train, validation or test)")
      ->capture_default_str();
  cmd->add_option("--centre-crop", args->view.centre_crop,
                  "Share of each side the network sees, centred (1: the whole frame, the original's preprocessing)")
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "Embedder file to write (.safetensors; may be --embedder itself)")
      ->required();
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_fit_centres(*args); });
}

}  // namespace vec2midi::app
