// The per-step schedules of MusicVAE training as pure functions of the global step: Adam's learning
// rate (exponential decay to a floor), the KL weight β (annealed towards max_beta) and the scheduled-
// sampling probability (inverse sigmoid). Magenta base_model.py and lstm_utils.py, MISSION.md §3.
// Usage: double lr = learning_rate_at(options, step); double p = sampling_probability_at(options, step);
#pragma once

#include <cstdint>

#include "vae/vae_training_options.hpp"

namespace vec2midi::vae {

/// lr(step) = (lr0 - lr_min)·decay_rate^step + lr_min (Magenta MusicVAE.train).
double learning_rate_at(const TrainVaeOptions& options, int64_t step);

/// β(step) = max_beta·(1 - beta_rate^step) (Magenta _compute_model_loss). beta_rate 0 gives max_beta at once.
double kl_beta_at(const TrainVaeOptions& options, int64_t step);

/// Probability of feeding the decoder its own sample instead of the true previous event:
/// 1 - k/(k + exp(step/k)) for k = sampling_rate (Bengio et al. 2015 inverse sigmoid, Magenta
/// lstm_utils.get_sampling_probability); 0 when sampling_rate is 0 (teacher forcing).
double sampling_probability_at(const TrainVaeOptions& options, int64_t step);

}  // namespace vec2midi::vae
