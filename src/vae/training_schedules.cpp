#include "vae/training_schedules.hpp"

#include <cmath>

namespace vec2midi::vae {

double learning_rate_at(const TrainVaeOptions& options, int64_t step) {
  const double decay = std::pow(options.decay_rate, static_cast<double>(step));
  return (options.learning_rate - options.min_learning_rate) * decay + options.min_learning_rate;
}

double kl_beta_at(const TrainVaeOptions& options, int64_t step) {
  return options.max_beta * (1.0 - std::pow(options.beta_rate, static_cast<double>(step)));
}

double sampling_probability_at(const TrainVaeOptions& options, int64_t step) {
  const double k = options.sampling_rate;
  if (k == 0.0) return 0.0;
  const double e = std::exp(static_cast<double>(step) / k);  // inf for huge steps: p -> 1
  return std::isinf(e) ? 1.0 : 1.0 - k / (k + e);
}

}  // namespace vec2midi::vae
