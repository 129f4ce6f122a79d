// MusicVAE training as Magenta trains it (MISSION.md §3): Adam on the ELBO with free bits and β
// annealing, scheduled sampling, learning-rate decay with a floor, global-norm gradient clipping and
// random transposition, on a split of the windows by source file. Seeded and exactly resumable: every
// step's random numbers come from generators seeded by (seed, step), and checkpoint() holds the rest.
// Usage: VaeTrainer t(model, data, options); while (t.global_step() < n) { auto s = t.step(); }
//        save_training_checkpoint(t.checkpoint(), path);  VaeTrainer again(load_training_checkpoint(path), data);
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/optim/adam.h>

#include "music/window_dataset.hpp"
#include "vae/melody_decoder.hpp"
#include "vae/music_vae.hpp"
#include "vae/training_checkpoint.hpp"
#include "vae/training_data.hpp"
#include "vae/vae_training_options.hpp"

namespace vec2midi::vae {

/// What one optimizer step did (batch means).
struct TrainStepStats {
  int64_t step = 0;                   ///< global step after this one (1 for the first)
  double loss = 0.0;                  ///< mean reconstruction + β·mean KL cost, nats
  double reconstruction = 0.0;        ///< mean cross-entropy per sequence, nats
  double kl_bits = 0.0;               ///< mean KL per sequence, bits
  double accuracy = 0.0;              ///< per-step accuracy of the (scheduled-sampling) forward pass
  double beta = 0.0;                  ///< KL weight used
  double learning_rate = 0.0;         ///< Adam step size used
  double sampling_probability = 0.0;  ///< scheduled-sampling probability used
  double grad_norm = 0.0;             ///< global gradient norm before clipping
  bool skipped = false;               ///< true when the norm exceeded grad_norm_clip_to_zero (no update)
  bool prior_inversion = false;       ///< a prior-inversion step: loss and reconstruction are the latent NLL, accuracy unused
  double seconds = 0.0;               ///< wall time of the step
};

/// Teacher-forced results on held-out windows, with z = μ.
struct ValidationStats {
  int64_t n_windows = 0;        ///< windows evaluated
  double reconstruction = 0.0;  ///< mean cross-entropy per sequence, nats
  double kl_bits = 0.0;         ///< mean KL per sequence, bits
  double accuracy = 0.0;        ///< per-step teacher-forced accuracy
};

class VaeTrainer {
 public:
  /// A new run on `data` (kept by reference: it must outlive the trainer) with an initialised `model`
  /// (reset_parameters or loaded weights). Throws InputError if the split leaves no training window or
  /// the model cannot be trained as asked (an encoder to train but none present).
  VaeTrainer(MusicVae model, const music::WindowDataset& data, TrainVaeOptions options);

  /// Continues a run from `checkpoint`; throws InputError if `data` is not the data it was trained on.
  VaeTrainer(const TrainingCheckpoint& checkpoint, const music::WindowDataset& data);

  /// One optimizer step on the next batch.
  TrainStepStats step();

  /// Teacher-forced evaluation on up to `max_windows` validation windows (the first ones, untransposed).
  ValidationStats validate(int64_t max_windows, int64_t batch_size = 256);

  /// The whole state, for save_training_checkpoint (the model is shared, not copied).
  TrainingCheckpoint checkpoint() const;

  int64_t global_step() const { return step_; }
  MusicVae model() const { return model_; }
  const TrainVaeOptions& options() const { return options_; }
  const WindowSplit& split() const { return split_; }

 private:
  void setup();
  TrainStepStats prior_inversion_step(TrainStepStats stats);
  void clip_and_step(TrainStepStats& stats);

  MusicVae model_;
  const music::WindowDataset& data_;
  TrainVaeOptions options_;
  WindowSplit split_;
  DataCursor cursor_;
  int64_t step_ = 0;
  std::vector<std::pair<std::string, torch::Tensor>> trainable_;  // Magenta name, parameter
  std::unique_ptr<MelodyDecoder> frozen_decoder_;  // the decoder's melodies for prior inversion
  std::unique_ptr<torch::optim::Adam> adam_;
};

}  // namespace vec2midi::vae
