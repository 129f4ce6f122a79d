// `vec2midi train-embedder`: trains the Image2Vec CNN on labelled photo folders mixed with
// generated scenes, holds part of each folder out (or, with --split, trains on a photo split's train part
// and holds out its validation part), measures the model and the classical baseline on that held-out part,
// and writes one safetensors model file.
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "app/cli.hpp"
#include "app/commands.hpp"
#include "io/error.hpp"
#include "vision/colour_class.hpp"
#include "vision/embedder_evaluation.hpp"
#include "vision/embedder_trainer.hpp"
#include "vision/photo_split.hpp"

namespace vec2midi::app {

namespace fs = std::filesystem;

namespace {

struct TrainEmbedderArgs {
  std::vector<fs::path> data;
  fs::path out;
  vision::EmbedderTrainOptions train;
  std::string mining = "semi-hard";
  std::vector<std::string> hard_classes;  // class names, parsed in run_train_embedder
  double holdout = 0.2;
  uint64_t holdout_seed = 7;
  std::optional<fs::path> split;  // a photo split: DATA is the folder of its sources
  fs::path checkpoint;
  bool resume = false;
  int64_t stop_after = 0;
  bool fp32 = false;
  bool quiet = false;
  bool json = false;
};

// The labelled photos to train on and those held out to measure, with what the model file records of them.
struct TrainingPhotos {
  std::vector<vision::LabelledImage> train, held_out;
  nlohmann::json record = nlohmann::json::array();  // per folder: dir, n_train, n_held_out, held_out keys

  void add(const fs::path& dir, const std::vector<vision::LabelledImage>& train_part,
           const std::vector<vision::LabelledImage>& held_part) {
    nlohmann::json held_keys = nlohmann::json::array();
    for (const auto& item : held_part) held_keys.push_back(item.key);
    record.push_back({{"dir", fs::absolute(dir).lexically_normal().string()},
                      {"n_train", train_part.size()},
                      {"n_held_out", held_part.size()},
                      {"held_out", held_keys}});
    train.insert(train.end(), train_part.begin(), train_part.end());
    held_out.insert(held_out.end(), held_part.begin(), held_part.end());
  }
};

// With --split: every source's train part, its validation part held out. Otherwise each DATA folder split by
// --holdout.
TrainingPhotos training_photos(const TrainEmbedderArgs& args) {
  TrainingPhotos photos;
  if (args.split) {
    if (args.data.size() != 1) throw InputError("with --split give one DATA folder: the folder of the split's sources");
    const auto split = vision::read_photo_split(*args.split);
    for (const auto& [source, keys] : split.sources) {
      photos.add(args.data.front() / source,
                 vision::images_of(vision::split_items(split, args.data.front(), vision::SplitPart::train, source)),
                 vision::images_of(vision::split_items(split, args.data.front(), vision::SplitPart::validation, source)));
    }
    return photos;
  }
  for (const auto& dir : args.data) {
    const auto split = vision::split_holdout(vision::scan_folder_dataset(dir), args.holdout, args.holdout_seed);
    photos.add(dir, split.train, split.held_out);
  }
  return photos;
}

/// The model just trained as evaluate_embedder() measures it: its libtorch network (the model must outlive the
/// result), its centres and its baseline.
vision::MeasuredEmbedder measured(vision::EmbedderModel& model) {
  vision::MeasuredEmbedder m;
  m.centres = model.centres;
  m.record = {.baseline_options = model.baseline_options, .baseline_centroids = model.baseline_centroids,
              .training = model.training};
  m.embed = [&model](const std::vector<cv::Mat>& images) {
    const torch::Tensor e = vision::embed_images(model, images).contiguous();  // [n, E]
    return vision::RowMatrix(Eigen::Map<const vision::RowMatrix>(e.data_ptr<float>(), e.size(0), e.size(1)));
  };
  return m;
}

void run_train_embedder(TrainEmbedderArgs& args) {
  args.train.loss.mining = vision::parse_mining(args.mining);
  for (const auto& name : args.hard_classes) args.train.hard_classes.push_back(vision::class_index(name));
  args.train.cache_size = args.train.net.input_size * 5 / 4;  // crops are taken from images kept 25 % larger
  if (!args.train.pretrained.empty() && args.train.net.backbone != "mobilenet_v2") {
    throw InputError("--pretrained " + args.train.pretrained + " holds MobileNetV2 weights: add --backbone mobilenet_v2");
  }
  if (args.data.empty() && args.train.n_scenes < vision::kNumClasses) {
    throw InputError("nothing to train on: give DATA folders or --scenes of at least 9");
  }
  const TrainingPhotos photos = training_photos(args);
  const auto& train_items = photos.train;
  const auto& held_out = photos.held_out;
  const auto set = vision::build_training_set(train_items, args.train, !args.quiet);
  vision::TrainRunOptions run;
  run.checkpoint = args.checkpoint.empty() ? fs::path(args.out.string() + ".ckpt") : args.checkpoint;
  run.resume = args.resume;
  run.show_progress = !args.quiet;
  run.stop_after_steps = args.stop_after;
  vision::TrainStats stats;
  auto trained = vision::train_embedder(set, args.train, run, &stats);
  if (!trained) {
    if (args.json) print_json({{"stopped_after_steps", stats.n_steps}, {"checkpoint", run.checkpoint.string()}});
    else std::cout << "stopped after " << stats.n_steps << " steps; continue with --resume from " << run.checkpoint.string() << "\n";
    return;
  }
  auto& model = *trained;
  model.training["data"] = photos.record;
  if (args.split) {
    model.training["split"] = {{"file", fs::absolute(*args.split).lexically_normal().string()}, {"held_out", "validation"}};
  } else {
    model.training["holdout"] = {{"fraction", args.holdout}, {"seed", args.holdout_seed}};
  }
  model.training["wall_seconds"] = stats.wall_seconds;
  model.training["images_per_second"] = stats.images_per_second;

  nlohmann::json evaluation = nullptr;
  if (!held_out.empty()) {
    const auto r = vision::evaluate_embedder(measured(model), held_out, !args.quiet);
    evaluation = {{"n_images", r.cnn.n_images},
                  {"accuracy", r.cnn.accuracy},
                  {"baseline_accuracy", r.baseline.accuracy},
                  {"pairwise_auc", r.cnn.pairwise_auc},
                  {"baseline_pairwise_auc", r.baseline.pairwise_auc}};
    model.training["held_out_evaluation"] = evaluation;
  }
  vision::save_embedder_model(args.out, model, args.fp32 ? io::DType::F32 : io::DType::F16);

  const nlohmann::json doc = {{"model", args.out.string()},
                              {"n_train_images", train_items.size()},
                              {"n_scenes", args.train.n_scenes},
                              {"n_steps", stats.n_steps},
                              {"wall_seconds", stats.wall_seconds},
                              {"images_per_second", stats.images_per_second},
                              {"final_loss", stats.final_loss},
                              {"held_out", evaluation}};
  if (args.json) {
    print_json(doc);
    return;
  }
  std::cout << "wrote " << args.out.string() << " (" << stats.n_steps << " steps, " << int64_t(stats.wall_seconds) << " s, "
            << int64_t(stats.images_per_second) << " images/s, final loss " << stats.final_loss << ")\n";
  if (!evaluation.is_null()) {
    std::cout << "held-out images: " << evaluation["n_images"] << ", CNN accuracy " << evaluation["accuracy"]
              << ", baseline accuracy " << evaluation["baseline_accuracy"] << "\n";
  }
}

}  // namespace

void add_train_embedder_command(CLI::App& root) {
  auto args = std::make_shared<TrainEmbedderArgs>();
  auto* cmd = root.add_subcommand("train-embedder", "Train the Image2Vec colour embedder (triplet loss) on labelled folders and generated scenes");
  cmd->add_option("DATA", args->data, "Folders with one sub-folder per colour class (may be none: scenes only)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("-o,--out", args->out, "Model file to write (.safetensors)")->required();
  auto* holdout = cmd->add_option("--holdout", args->holdout, "Share of each class of each folder held out for validation")
                      ->capture_default_str()
                      ->check(CLI::Range(0.0, 0.9));
  auto* holdout_seed = cmd->add_option("--holdout-seed", args->holdout_seed, "Seed of the held-out split")->capture_default_str();
  cmd->add_option("--split", args->split,
                  "A photo split (split-photos; DATA is then the folder of its sources): train on its train part of "
                  "every source, hold out its validation part (the test part is never read)")
      ->check(CLI::ExistingFile)
      ->excludes(holdout)
      ->excludes(holdout_seed);
  cmd->add_option("--scenes", args->train.n_scenes, "Generated scenes kept in memory")->capture_default_str()->check(CLI::NonNegativeNumber);
  cmd->add_option("--scene-share", args->train.scene_share, "Chance that a sample of a class with folder images is a scene")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--steps", args->train.n_steps, "Adam steps")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--per-class", args->train.images_per_class, "Images of each class per batch (batch = 9 x this)")
      ->capture_default_str()
      ->check(CLI::Range(2, 256));
  cmd->add_option("--hard-classes", args->hard_classes,
                  "Classes the photos confuse most (e.g. white,grey,black): --hard-factor times as many of them per batch")
      ->delimiter(',');
  cmd->add_option("--hard-factor", args->train.hard_factor, "Images of each hard class per batch, as a multiple of --per-class")
      ->capture_default_str()
      ->check(CLI::Range(1, 8));
  cmd->add_option("--lr", args->train.learning_rate, "Adam learning rate (cosine decay to 1 %)")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--mining", args->mining, "Triplet mining: semi-hard or batch-hard")
      ->capture_default_str()
      ->check(CLI::IsMember({"semi-hard", "batch-hard"}));
  cmd->add_option("--prototype-weight", args->train.prototype_weight,
                  "Weight of the prototypical loss (nearest batch class mean, Snell et al. 2017) beside the triplet loss")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--min-crop", args->train.augment.min_crop_area, "Augmentation: smallest random crop, share of the area")
      ->capture_default_str()
      ->check(CLI::Range(0.05, 1.0));
  cmd->add_option("--brightness", args->train.augment.brightness, "Augmentation: brightness scaled by 1 +- this")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.9));
  cmd->add_option("--saturation", args->train.augment.saturation, "Augmentation: saturation scaled by 1 +- this")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.9));
  cmd->add_option("--white-balance", args->train.augment.white_balance, "Augmentation: each channel scaled by 1 +- this (0: off)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.5));
  cmd->add_option("--margin", args->train.loss.margin, "Triplet margin (embeddings have unit length)")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--embedding-size", args->train.net.embedding_size, "Embedding dimensions")->capture_default_str()->check(CLI::Range(2, 1024));
  cmd->add_option("--input-size", args->train.net.input_size, "Network input side in pixels (images are kept 25 % larger for crops)")
      ->capture_default_str()
      ->check(CLI::Range(32, 512));
  cmd->add_option("--width", args->train.net.width_multiplier, "MobileNet width multiplier")->capture_default_str()->check(CLI::Range(0.05, 4.0));
  cmd->add_option("--pooling", args->train.net.pooling,
                  "How the last features become one vector: mean, or attention (a learned score per position)")
      ->capture_default_str()
      ->check(CLI::IsMember({"mean", "attention"}));
  cmd->add_option("--backbone", args->train.net.backbone,
                  "mobilenet_v1 (our small MobileNet) or mobilenet_v2 (Keras's MobileNetV2 at width 1, for --pretrained)")
      ->capture_default_str()
      ->check(CLI::IsMember({"mobilenet_v1", "mobilenet_v2"}));
  cmd->add_option("--v2-blocks", args->train.net.v2_blocks, "mobilenet_v2: inverted-residual blocks kept (17: all)")
      ->capture_default_str()
      ->check(CLI::Range(1, 17));
  cmd->add_option("--pretrained", args->train.pretrained,
                  "tfjs folder of Keras MobileNetV2 weights to start the mobilenet_v2 backbone from (docs/EMBEDDER.md)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--middle-blocks", args->train.net.n_middle_blocks, "512-channel blocks at 8x8")->capture_default_str()->check(CLI::Range(0, 16));
  cmd->add_option("--seed", args->train.seed, "Seed of scenes, batches, augmentation and weights")->capture_default_str();
  cmd->add_option("--checkpoint", args->checkpoint, "Checkpoint file (default: OUT.ckpt)");
  cmd->add_option("--checkpoint-every", args->train.checkpoint_every, "Steps between checkpoints (0: none)")->capture_default_str();
  cmd->add_flag("--resume", args->resume, "Continue from the checkpoint if it exists");
  cmd->add_option("--stop-after", args->stop_after, "Stop after this many steps, keeping the checkpoint (0: run to the end)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--fp32", args->fp32, "Store the weights as float32 (default float16)");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line");
  add_json_flag(*cmd, args->json);
  cmd->callback([args] { run_train_embedder(*args); });
}

}  // namespace vec2midi::app
