#include "vae/event_sampling.hpp"

#include <cmath>
#include <vector>

#include "io/random.hpp"

namespace vec2midi::vae {

int32_t argmax_event(std::span<const float> logits) {
  int32_t best = 0;
  for (size_t k = 1; k < logits.size(); ++k) {
    if (logits[k] > logits[static_cast<size_t>(best)]) best = static_cast<int32_t>(k);
  }
  return best;
}

int32_t sample_event(std::span<const float> logits, double temperature, std::mt19937_64& rng) {
  const float top = logits[static_cast<size_t>(argmax_event(logits))];
  // Cumulative softmax weights in double; the max is subtracted so the largest weight is exactly 1.
  double total = 0.0;
  std::vector<double> cumulative(logits.size());
  for (size_t k = 0; k < logits.size(); ++k) {
    total += std::exp((static_cast<double>(logits[k]) - top) / temperature);
    cumulative[k] = total;
  }
  const double u = io::uniform01(rng) * total;
  for (size_t k = 0; k < logits.size(); ++k) {
    if (u < cumulative[k]) return static_cast<int32_t>(k);
  }
  return argmax_event(logits);  // u == total only through rounding
}

}  // namespace vec2midi::vae
