#include "vision/embedder_trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <numbers>
#include <numeric>
#include <sstream>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "io/progress.hpp"
#include "io/random.hpp"
#include "io/random_stream.hpp"
#include "vision/colour_class.hpp"
#include "vision/image_io.hpp"
#include "vision/network_input.hpp"
#include "vision/pretrained_backbone.hpp"

namespace vec2midi::vision {

namespace {

torch::Tensor to_tensor(const std::vector<int>& labels) {
  std::vector<int64_t> wide(labels.begin(), labels.end());
  return torch::tensor(wide, torch::kInt64);
}

/// 64-bit FNV-1a hash of `text` in hex (stable across machines, unlike std::hash).
std::string fnv1a_hex(const std::string& text) {
  const uint64_t h = io::fnv1a64(text);
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

/// Learning rate at `step`: cosine decay from `lr` to lr / 100 over `n_steps`.
double cosine_rate(double lr, int64_t step, int64_t n_steps) {
  const double t = n_steps > 1 ? double(step) / double(n_steps - 1) : 1.0;
  return lr * (0.01 + 0.99 * 0.5 * (1 + std::cos(std::numbers::pi * t)));
}

void save_checkpoint(const std::filesystem::path& path, Embedder& net, torch::optim::Adam& adam, int64_t step,
                     const io::Rng& rng, const std::string& fingerprint) {
  torch::serialize::OutputArchive archive;
  net->save(archive);
  torch::serialize::OutputArchive optimiser;
  adam.save(optimiser);
  archive.write("optimiser", optimiser);
  archive.write("step", torch::tensor(step, torch::kInt64));
  std::ostringstream rng_state;
  rng_state << rng;
  archive.write("rng", c10::IValue(rng_state.str()));
  archive.write("fingerprint", c10::IValue(fingerprint));
  io::AtomicFile file(path);
  file.stream().close();
  archive.save_to(file.temp_path().string());
  file.commit();
}

/// Restores a checkpoint; returns the step it was taken at. Throws InputError if it belongs to another run.
int64_t load_checkpoint(const std::filesystem::path& path, Embedder& net, torch::optim::Adam& adam, io::Rng& rng,
                        const std::string& fingerprint) {
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path.string());
  } catch (const c10::Error& e) {
    throw InputError(path.string() + ": not a training checkpoint (" + e.what_without_backtrace() + ")");
  }
  c10::IValue value;
  archive.read("fingerprint", value);
  if (!value.isString() || value.toStringRef() != fingerprint) {
    throw InputError(path.string() + ": checkpoint of a different run (other options or data); delete it or drop --resume");
  }
  net->load(archive);
  torch::serialize::InputArchive optimiser;
  archive.read("optimiser", optimiser);
  adam.load(optimiser);
  torch::Tensor step;
  archive.read("step", step);
  archive.read("rng", value);
  std::istringstream rng_state(value.toStringRef());
  rng_state >> rng;
  return step.item<int64_t>();
}

/// Indices of each class's images, split into folder images and generated scenes.
struct ClassPools {
  std::vector<std::vector<int64_t>> folder, scene;
};

ClassPools make_pools(const TrainingSet& set) {
  ClassPools pools{std::vector<std::vector<int64_t>>(kNumClasses), std::vector<std::vector<int64_t>>(kNumClasses)};
  for (size_t i = 0; i < set.images.size(); ++i) {
    (set.generated[i] ? pools.scene : pools.folder)[size_t(set.labels[i])].push_back(int64_t(i));
  }
  for (int c = 0; c < kNumClasses; ++c) {
    if (pools.folder[size_t(c)].empty() && pools.scene[size_t(c)].empty()) {
      throw InputError("no training image of class '" + std::string(kClassNames[size_t(c)]) +
                       "' (give a folder with that class or generated scenes)");
    }
  }
  return pools;
}

/// Embeds images [indices] of the set without augmentation -> [n, E].
torch::Tensor embed_set(Embedder& net, const TrainingSet& set, const std::vector<int64_t>& indices, int64_t input_size) {
  torch::NoGradGuard no_grad;
  net->eval();
  std::vector<torch::Tensor> parts;
  for (size_t start = 0; start < indices.size(); start += 128) {
    std::vector<cv::Mat> batch;
    for (size_t i = start; i < std::min(indices.size(), start + 128); ++i) batch.push_back(set.images[size_t(indices[i])]);
    parts.push_back(net->forward(images_to_batch(batch, input_size)));
  }
  return parts.empty() ? torch::zeros({0, net->options().embedding_size}) : torch::cat(parts, 0);
}

}  // namespace

int64_t images_in_batch(const EmbedderTrainOptions& options, int label) {
  const auto& hard = options.hard_classes;
  return options.images_per_class * (std::find(hard.begin(), hard.end(), label) != hard.end() ? options.hard_factor : 1);
}

nlohmann::json EmbedderTrainOptions::to_json() const {
  return {{"net", nlohmann::json::parse(net.to_json_string())},
          {"mining", mining_name(loss.mining)},
          {"margin", loss.margin},
          {"n_steps", n_steps},
          {"images_per_class", images_per_class},
          {"hard_classes", hard_classes},
          {"hard_factor", hard_factor},
          {"learning_rate", learning_rate},
          {"pretrained", pretrained},
          {"scene_share", scene_share},
          {"prototype_weight", prototype_weight},
          {"prototype_scale", prototype_scale},
          {"n_scenes", n_scenes},
          {"cache_size", cache_size},
          {"seed", seed},
          {"centres_from_folders", centres_from_folders},
          {"augment",
           {{"min_crop_area", augment.min_crop_area},
            {"max_aspect_change", augment.max_aspect_change},
            {"flip_probability", augment.flip_probability},
            {"brightness", augment.brightness},
            {"contrast", augment.contrast},
            {"saturation", augment.saturation},
            {"white_balance", augment.white_balance}}}};
}

TrainingSet build_training_set(const std::vector<LabelledImage>& files, const EmbedderTrainOptions& options,
                               bool show_progress) {
  TrainingSet set;
  io::Progress progress("load", int64_t(files.size()) + options.n_scenes, show_progress);
  for (const auto& file : files) {
    set.images.push_back(resize_bicubic(load_image(file.path), options.cache_size));
    set.labels.push_back(file.label);
    set.generated.push_back(false);
    set.keys.push_back(file.key);
    progress.advance();
  }
  SceneOptions scene = options.scenes;
  scene.size = options.cache_size;
  for (int64_t i = 0; i < options.n_scenes; ++i) {
    set.images.push_back(resize_bicubic(generate_indexed_scene(options.seed, i, scene), options.cache_size));
    set.labels.push_back(scene_label(i));
    set.generated.push_back(true);
    set.keys.push_back("scene/" + std::to_string(i));
    progress.advance();
  }
  progress.finish();
  return set;
}

namespace {

/// One training batch: images_in_batch(options, c) augmented images of each class c, each drawn from the
/// class's folder images or (with probability scene_share) its scenes -> [N, 3, S, S]; their classes in `labels`.
torch::Tensor sample_batch(const TrainingSet& set, const ClassPools& pools, const EmbedderTrainOptions& options, io::Rng& rng,
                           std::vector<int>& labels) {
  std::vector<cv::Mat> batch;
  labels.clear();
  for (int c = 0; c < kNumClasses; ++c) {
    const auto& folder = pools.folder[size_t(c)];
    const auto& scene = pools.scene[size_t(c)];
    for (int64_t i = 0; i < images_in_batch(options, c); ++i) {
      const bool use_scene = folder.empty() || (!scene.empty() && io::bernoulli(rng, options.scene_share));
      const auto& pool = use_scene ? scene : folder;
      const int64_t index = pool[size_t(io::uniform_int(rng, int64_t(pool.size())))];
      batch.push_back(augment(set.images[size_t(index)], options.net.input_size, rng, options.augment));
      labels.push_back(c);
    }
  }
  return images_to_batch(batch, options.net.input_size);
}

/// Colour centres (MISSION.md §1): mean and per-dimension std of each class's embeddings (folder images, and
/// scenes unless centres_from_folders and the class has folder images).
ColourCentres fit_centres(Embedder& net, const TrainingSet& set, const ClassPools& pools, const EmbedderTrainOptions& options) {
  std::vector<int64_t> centre_items;
  for (int c = 0; c < kNumClasses; ++c) {
    const auto& folder = pools.folder[size_t(c)];
    const bool folders_only = options.centres_from_folders && !folder.empty();
    for (int64_t i : folder) centre_items.push_back(i);
    if (!folders_only) {
      for (int64_t i : pools.scene[size_t(c)]) centre_items.push_back(i);
    }
  }
  std::vector<int> centre_labels;
  for (int64_t i : centre_items) centre_labels.push_back(set.labels[size_t(i)]);
  const torch::Tensor embeddings = embed_set(net, set, centre_items, options.net.input_size).contiguous();  // [n, E]
  return compute_centres(std::span<const float>(embeddings.data_ptr<float>(), size_t(embeddings.numel())), centre_labels,
                         options.net.embedding_size);
}

/// The classical baseline's class centroids, fitted on the folder images only (scenes if there are none).
std::vector<float> fit_baseline(const TrainingSet& set, const HueBaselineOptions& baseline) {
  std::vector<int64_t> baseline_items;
  for (size_t i = 0; i < set.images.size(); ++i) {
    if (!set.generated[i]) baseline_items.push_back(int64_t(i));
  }
  if (baseline_items.empty()) {
    baseline_items.resize(set.images.size());
    std::iota(baseline_items.begin(), baseline_items.end(), int64_t(0));
  }
  RowMatrix features(Eigen::Index(baseline_items.size()), Eigen::Index(n_hue_features(baseline)));
  std::vector<int> baseline_labels;
  for (size_t r = 0; r < baseline_items.size(); ++r) {
    const std::vector<float> f = hue_features(set.images[size_t(baseline_items[r])], baseline);
    features.row(Eigen::Index(r)) = Eigen::Map<const Eigen::RowVectorXf>(f.data(), Eigen::Index(f.size()));
    baseline_labels.push_back(set.labels[size_t(baseline_items[r])]);
  }
  return fit_centroids(features, baseline_labels, kNumClasses);
}

/// The mean of the recent losses (0 without any).
double mean_of(const std::deque<double>& recent) {
  return recent.empty() ? 0.0 : std::accumulate(recent.begin(), recent.end(), 0.0) / double(recent.size());
}

/// What a run of `n_steps` steps in `seconds` did.
TrainStats training_stats(const EmbedderTrainOptions& options, int64_t n_steps, double seconds, double final_loss) {
  int64_t batch_size = 0;
  for (int c = 0; c < kNumClasses; ++c) batch_size += images_in_batch(options, c);
  TrainStats stats;
  stats.n_steps = n_steps;
  stats.wall_seconds = seconds;
  stats.images_per_second = seconds > 0 ? double(n_steps * batch_size) / seconds : 0.0;
  stats.final_loss = final_loss;
  return stats;
}

}  // namespace

std::optional<EmbedderModel> train_embedder(const TrainingSet& set, const EmbedderTrainOptions& options, const TrainRunOptions& run,
                             TrainStats* stats) {
  if (options.n_steps < 1) throw InputError("training needs at least one step: " + std::to_string(options.n_steps));
  if (run.stop_after_steps > 0 && run.checkpoint.empty()) throw Error("train_embedder: stopping early needs a checkpoint path");
  if (options.images_per_class < 2) {
    throw InputError("a batch needs at least 2 images per class for triplets: " + std::to_string(options.images_per_class));
  }
  const ClassPools pools = make_pools(set);
  torch::manual_seed(options.seed);  // initial weights
  io::Rng rng(options.seed ^ 0x5EEDB47C4E5ULL);
  EmbedderModel model;
  model.options = options.net;
  model.net = Embedder(options.net);
  if (!options.pretrained.empty()) load_keras_mobilenet_v2(model.net, options.pretrained);
  torch::optim::Adam adam(model.net->parameters(), torch::optim::AdamOptions(options.learning_rate));

  // A run is identified by its options and its data, so --resume never mixes two runs.
  std::string identity = options.to_json().dump();
  for (const auto& key : set.keys) identity += "|" + key;
  const std::string fingerprint = fnv1a_hex(identity);

  int64_t step = 0;
  std::error_code ec;
  if (run.resume && !run.checkpoint.empty() && std::filesystem::exists(run.checkpoint, ec)) {
    step = load_checkpoint(run.checkpoint, model.net, adam, rng, fingerprint);
  }

  io::Progress progress("train", options.n_steps, run.show_progress);
  progress.resume_from(step);
  std::deque<double> recent;
  const int64_t first_step = step;
  const auto start = std::chrono::steady_clock::now();
  while (step < options.n_steps) {
    if (run.stop_after_steps > 0 && step - first_step >= run.stop_after_steps) {
      save_checkpoint(run.checkpoint, model.net, adam, step, rng, fingerprint);
      progress.finish("stopped early; checkpoint " + run.checkpoint.string());
      if (stats != nullptr) stats->n_steps = step - first_step;
      return std::nullopt;
    }
    torch::manual_seed(options.seed + uint64_t(step));  // dropout stream, reproducible across a resume
    model.net->train();
    for (auto& group : adam.param_groups()) {
      static_cast<torch::optim::AdamOptions&>(group.options()).lr(cosine_rate(options.learning_rate, step, options.n_steps));
    }
    std::vector<int> labels;
    const auto x = sample_batch(set, pools, options, rng, labels);  // [N, 3, S, S], N = 9K + hard extras
    adam.zero_grad();
    const auto e = model.net->forward(x);  // [N, E]
    auto loss = triplet_loss(e, to_tensor(labels), options.loss);
    if (options.prototype_weight > 0) loss = loss + options.prototype_weight * prototype_loss(e, to_tensor(labels), options.prototype_scale);
    loss.backward();
    adam.step();
    ++step;
    recent.push_back(loss.item<double>());
    if (recent.size() > 50) recent.pop_front();
    std::ostringstream detail;
    detail.precision(4);
    detail << "loss " << mean_of(recent);
    progress.advance(1, detail.str());
    const bool checkpoint_due = options.checkpoint_every > 0 && step % options.checkpoint_every == 0 && step < options.n_steps;
    if (!run.checkpoint.empty() && checkpoint_due) save_checkpoint(run.checkpoint, model.net, adam, step, rng, fingerprint);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.finish();
  model.net->eval();

  model.centres = fit_centres(model.net, set, pools, options);
  model.baseline_centroids = fit_baseline(set, model.baseline_options);

  model.training = {{"options", options.to_json()},
                    {"n_folder_images", int64_t(std::count(set.generated.begin(), set.generated.end(), false))},
                    {"n_scenes", int64_t(std::count(set.generated.begin(), set.generated.end(), true))},
                    {"final_loss", mean_of(recent)}};
  if (stats != nullptr) *stats = training_stats(options, step - first_step, seconds, mean_of(recent));
  if (!run.checkpoint.empty()) std::filesystem::remove(run.checkpoint, ec);
  return model;
}

}  // namespace vec2midi::vision
