// Everything a MusicVAE training run needs to continue exactly after a kill: the model, Adam's moments,
// the global step, the data order and position, and the options, in one safetensors file written
// atomically (tensors "model/<Magenta name>", "adam/exp_avg/<name>", "adam/exp_avg_sq/<name>",
// "data/order"; metadata "format" = vec2midi.vae_training, "music_vae", "training", "state").
// Random numbers need no saved state: each step's generators are seeded from (seed, step).
// Usage: save_training_checkpoint(trainer.checkpoint(), "ckpt/checkpoint.safetensors");
//        TrainingCheckpoint c = load_training_checkpoint("ckpt/checkpoint.safetensors");
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include <torch/types.h>

#include "vae/music_vae.hpp"
#include "vae/training_data.hpp"
#include "vae/vae_training_options.hpp"

namespace vec2midi::vae {

/// The "format" metadata value of a training checkpoint.
inline constexpr const char* kTrainingCheckpointFormat = "vec2midi.vae_training";

/// Adam's state for one parameter (torch::optim::AdamParamState).
struct AdamSlot {
  int64_t step = 0;          ///< updates applied to this parameter
  torch::Tensor exp_avg;     ///< first moment, parameter shape
  torch::Tensor exp_avg_sq;  ///< second moment, parameter shape
};

/// A training run's whole state.
struct TrainingCheckpoint {
  MusicVae model{nullptr};                 ///< weights (shared with the trainer when taken from one)
  TrainVaeOptions options;                 ///< the run's options
  int64_t step = 0;                        ///< optimizer steps done
  DataCursor cursor;                       ///< data order and position
  uint64_t data_fingerprint = 0;           ///< dataset_fingerprint() of the training data
  std::map<std::string, AdamSlot> adam;    ///< by Magenta variable name; trainable parameters only
};

/// Writes `checkpoint` to `path` atomically (float32 weights). Throws Error naming the path.
void save_training_checkpoint(const TrainingCheckpoint& checkpoint, const std::filesystem::path& path);

/// Reads a checkpoint; throws InputError naming the path for anything missing or malformed.
TrainingCheckpoint load_training_checkpoint(const std::filesystem::path& path);

}  // namespace vec2midi::vae
