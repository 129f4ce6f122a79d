// How a MusicVAE is trained: one options struct with Magenta's defaults (base_model.get_default_hparams,
// lstm_models.get_default_hparams and configs.py cat-mel_2bar_small; MISSION.md §3), stored as JSON in
// training checkpoints so that `--resume` continues with exactly the options the run started with.
// Usage: TrainVaeOptions o; o.batch_size = 64; auto text = o.to_json_string();
#pragma once

#include <cstdint>
#include <string>

namespace vec2midi::vae {

struct TrainVaeOptions {
  // Optimisation (magenta/models/music_vae/base_model.py get_default_hparams).
  int64_t batch_size = 512;           ///< sequences per step (Magenta batch_size 512)
  double learning_rate = 1e-3;        ///< Adam step size at step 0 (Magenta learning_rate)
  double decay_rate = 0.9999;         ///< lr = (lr0 - lr_min)·decay^step + lr_min (Magenta decay_rate, per step)
  double min_learning_rate = 1e-5;    ///< learning-rate floor (Magenta min_learning_rate)
  double grad_clip = 1.0;             ///< global-norm gradient clip (Magenta grad_clip, clip_mode global_norm)
  double grad_norm_clip_to_zero = 1e4;  ///< a global norm above this zeroes the step (Magenta grad_norm_clip_to_zero)
  // ELBO (base_model.py _compute_model_loss; configs.py cat-mel_2bar_small).
  double free_bits = 0.0;             ///< KL bits per sequence not penalised: cost = max(KL - bits·ln 2, 0) (cat-mel_2bar_small 0)
  double max_beta = 0.2;              ///< KL weight limit: β = max_beta·(1 - beta_rate^step) (cat-mel_2bar_small 0.2)
  double beta_rate = 0.99999;         ///< KL annealing rate per step (cat-mel_2bar_small 0.99999)
  // Scheduled sampling (lstm_utils.get_sampling_probability, inverse_sigmoid schedule).
  double sampling_rate = 1000.0;      ///< k of p(step) = 1 - k/(k + exp(step/k)); 0 = pure teacher forcing (cat-mel_2bar_small 1000)
  // Data (configs.py NoteSequenceAugmenter(transpose_range=(-5, 5)); split by source file, our choice).
  int transpose_range = 5;            ///< random transposition of each window by -r..+r semitones at batch time
  double validation_fraction = 0.05;  ///< share of source files held out for validation (never split by window)
  uint64_t seed = 0;                  ///< seeds initialisation, split, data order, ε, transposition and sampling
  // Which parts learn (fit-encoder freezes the decoder).
  bool train_encoder = true;          ///< update the bi-LSTM encoder and the μ/σ layers
  bool train_decoder = true;          ///< update z -> state, the decoder LSTMs and the output projection
  // Encoder fitting against a frozen decoder (prior_inversion.hpp; ours, not Magenta's).
  int64_t prior_inversion_steps = 0;  ///< the first steps train the encoder to give back z ~ N(0, I) from the decoder's melodies (needs train_decoder = false)
  double prior_inversion_temperature = 0.0;  ///< decoding temperature of those melodies (0 = greedy)

  /// JSON text stored in training checkpoints.
  std::string to_json_string() const;
  /// Parses to_json_string()'s output; throws InputError naming the bad field.
  static TrainVaeOptions from_json_string(const std::string& text);
  /// Throws InputError naming the first field outside its valid range.
  void validate() const;

  friend bool operator==(const TrainVaeOptions&, const TrainVaeOptions&) = default;
};

}  // namespace vec2midi::vae
