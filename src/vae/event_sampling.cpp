#include "vae/event_sampling.hpp"

#include <cmath>
#include <numbers>
#include <vector>

namespace vec2midi::vae {

double uniform_double(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

double standard_normal(std::mt19937_64& rng) {
  // Box–Muller: u1 in (0, 1] avoids log(0).
  const double u1 = 1.0 - uniform_double(rng);
  const double u2 = uniform_double(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

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
  const double u = uniform_double(rng) * total;
  for (size_t k = 0; k < logits.size(); ++k) {
    if (u < cumulative[k]) return static_cast<int32_t>(k);
  }
  return argmax_event(logits);  // u == total only through rounding
}

std::mt19937_64 item_generator(uint64_t base_seed, int64_t index) {
  // SplitMix64 (Steele et al. 2014) of seed + golden-ratio increments: well-separated seeds per item.
  uint64_t x = base_seed + 0x9E3779B97F4A7C15ull * static_cast<uint64_t>(index + 1);
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return std::mt19937_64(x ^ (x >> 31));
}

}  // namespace vec2midi::vae
