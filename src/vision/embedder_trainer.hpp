// Training the Image2Vec embedder: labelled folder images mixed with generated scenes,
// class-balanced batches (9 classes x K images), augmentation, a triplet loss with online mining,
// Adam with a cosine learning-rate decay, checkpoints and --resume; then the colour centres and
// the classical baseline are fitted. Usage:
//   auto set = build_training_set(split.train, opts, true); auto model = train_embedder(set, opts, {});
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/augment.hpp"
#include "vision/embedder.hpp"
#include "vision/embedder_model.hpp"
#include "vision/folder_dataset.hpp"
#include "vision/scene_generator.hpp"
#include "vision/triplet_loss.hpp"

namespace vec2midi::vision {

struct EmbedderTrainOptions {
  EmbedderOptions net;           ///< network architecture
  TripletLossOptions loss;       ///< mining rule and margin
  AugmentOptions augment;        ///< crops, flips, hue-preserving jitter
  SceneOptions scenes;           ///< look of the generated scenes
  int64_t n_steps = 3000;        ///< Adam steps
  int64_t images_per_class = 8;  ///< K: a batch holds K images of each of the 9 classes
  std::vector<int> hard_classes;  ///< classes the photos confuse most (e.g. white, grey, black): more of them per batch
  int64_t hard_factor = 1;        ///< a batch holds hard_factor x K images of each hard class (1: none extra)
  double learning_rate = 1e-3;   ///< Adam's initial rate (Keras default); cosine decay to 1 % of it
  double scene_share = 0.5;      ///< chance that a sample of a class with folder images is a generated scene
  double prototype_weight = 0.0;  ///< weight of prototype_loss() added to the triplet loss (0: triplet loss only, as the original)
  double prototype_scale = 10.0;  ///< its logit scale on squared distances between unit vectors
  int64_t n_scenes = 2700;       ///< generated scenes kept in memory (balanced over classes)
  int64_t cache_size = 160;      ///< images are kept resized to this square size, crops are taken from it
  uint64_t seed = 1;             ///< seeds scenes, batches, augmentation and initial weights
  int64_t checkpoint_every = 250;  ///< steps between checkpoints (0: none)
  bool centres_from_folders = true;  ///< colour centres from folder images only (scenes for classes without any)
  /// A tfjs folder of Keras MobileNetV2 weights the mobilenet_v2 backbone starts from (pretrained_backbone.hpp;
  /// empty: random initial weights).
  std::string pretrained;

  /// The options as JSON (recorded in the model file and checked on --resume).
  nlohmann::json to_json() const;
};

/// The images a run trains on, decoded and resized to cache_size x cache_size.
struct TrainingSet {
  std::vector<cv::Mat> images;     ///< 8-bit BGR, cache_size square
  std::vector<int> labels;         ///< class of each image
  std::vector<bool> generated;     ///< true for generated scenes
  std::vector<std::string> keys;   ///< "<class>/<file>" of folder images, "scene/<index>" of scenes
};

/// Loads `files` and generates options.n_scenes scenes (seeded by options.seed). Throws
/// InputError naming a file that cannot be read.
TrainingSet build_training_set(const std::vector<LabelledImage>& files, const EmbedderTrainOptions& options,
                               bool show_progress);

/// Where and how a run keeps its checkpoint.
struct TrainRunOptions {
  std::filesystem::path checkpoint;  ///< checkpoint file (empty: no checkpoints)
  bool resume = false;               ///< continue from `checkpoint` if it exists
  bool show_progress = true;         ///< progress line on stderr
  int64_t stop_after_steps = 0;      ///< stop after this many steps of this process, leaving a checkpoint (0: run to the end)
};

/// Images of class `label` in each batch: images_per_class, or hard_factor x images_per_class for a hard class.
int64_t images_in_batch(const EmbedderTrainOptions& options, int label);

/// Figures of a finished run.
struct TrainStats {
  int64_t n_steps = 0;          ///< steps taken in this process (fewer after a resume)
  double wall_seconds = 0;      ///< time spent in the step loop of this process
  double images_per_second = 0;  ///< training images (forward + backward) per second
  double final_loss = 0;        ///< mean loss over the last 50 steps
};

/// Trains a network on `set`, then fits the colour centres and the baseline. `stats` (optional)
/// receives the run's figures. Throws InputError if a class has no image. Deterministic for a
/// given seed and thread count, also across an interruption and a resume. Returns nullopt if
/// run.stop_after_steps ended the run early (its state is then in the checkpoint).
std::optional<EmbedderModel> train_embedder(const TrainingSet& set, const EmbedderTrainOptions& options, const TrainRunOptions& run,
                             TrainStats* stats = nullptr);

}  // namespace vec2midi::vision
