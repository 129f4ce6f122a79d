#include "vae/vae_evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "io/progress.hpp"
#include "io/random.hpp"
#include "vae/prior_draw.hpp"

namespace vec2midi::vae {

ReconstructionAccuracy reconstruction_accuracy(const VaeParts& vae, std::span<const uint8_t> events, int64_t n_steps,
                                               int64_t batch_size, bool show_progress,
                                               const LatentRefinementOptions& refine) {
  ReconstructionAccuracy r;
  const auto n = n_steps > 0 ? static_cast<int64_t>(events.size()) / n_steps : 0;
  r.n_windows = n;
  if (n == 0) return r;
  io::Progress progress("reconstruct", n, show_progress);
  int64_t tf_correct = 0, greedy_correct = 0, exact = 0;
  for (int64_t begin = 0; begin < n; begin += batch_size) {
    const int64_t count = std::min(batch_size, n - begin);
    const std::span<const uint8_t> batch = events.subspan(size_t(begin * n_steps), size_t(count * n_steps));
    const std::vector<float> mu = vae.encoder.encode(batch, n_steps);                        // [count, Z]
    const std::vector<float> z = refine_latents(vae.teacher, batch, n_steps, mu, refine);    // [count, Z]
    const TeacherForcedResult forced = vae.teacher.run(z, batch, n_steps, /*with_gradient=*/false);
    const std::vector<uint8_t> greedy = vae.decoder.decode(z, {.n_steps = n_steps});        // [count, T]
    for (int64_t w = 0; w < count; ++w) {
      bool all_same = true;
      for (int64_t t = 0; t < n_steps; ++t) {
        const size_t at = size_t(w * n_steps + t);
        tf_correct += forced.predicted[at] == batch[at];
        greedy_correct += greedy[at] == batch[at];
        all_same = all_same && greedy[at] == batch[at];
      }
      exact += all_same;
    }
    progress.advance(count);
  }
  progress.finish();
  const double steps = static_cast<double>(n * n_steps);
  r.teacher_forced = double(tf_correct) / steps;
  r.greedy = double(greedy_correct) / steps;
  r.greedy_exact = double(exact) / static_cast<double>(n);
  return r;
}

std::vector<uint8_t> sample_prior_melodies(const MelodyDecoder& decoder, const PriorSampleOptions& options) {
  std::mt19937_64 rng(options.seed);
  const std::vector<float> z = draw_prior(options.n_samples, decoder.options().z_size, rng);  // [n, Z]
  return decoder.decode(z, {.n_steps = options.n_steps, .temperature = options.temperature, .seed = options.seed});  // [n, T]
}

std::vector<uint8_t> uniform_random_melodies(int64_t n_windows, int64_t n_steps, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> events(static_cast<size_t>(n_windows * n_steps));
  for (uint8_t& e : events) {
    const auto k = static_cast<int>(std::floor(io::uniform01(rng) * music::kNumMelodyEvents));
    e = static_cast<uint8_t>(std::min(k, music::kNumMelodyEvents - 1));
  }
  return events;
}

SampleStats sample_stats(std::span<const uint8_t> events, int64_t n_steps) {
  SampleStats s;
  s.stats = music::melody_stats(events, n_steps);
  const auto n = n_steps > 0 ? static_cast<int64_t>(events.size()) / n_steps : 0;
  double span_sum = 0.0;
  int64_t n_nonempty = 0;
  for (int64_t w = 0; w < n; ++w) {
    const std::vector<int> pitches = music::window_pitches(events.subspan(static_cast<size_t>(w * n_steps),
                                                                          static_cast<size_t>(n_steps)));
    if (pitches.empty()) continue;
    const auto [lo, hi] = std::minmax_element(pitches.begin(), pitches.end());
    span_sum += *hi - *lo;
    ++n_nonempty;
  }
  s.pitch_span = n_nonempty > 0 ? span_sum / static_cast<double>(n_nonempty) : 0.0;
  return s;
}

std::vector<StatComparison> compare_stats(const SampleStats& sample, const SampleStats& data, const SampleStats& uniform) {
  std::vector<StatComparison> out;
  auto scalar = [&out](const char* name, double s, double d, double u) {
    // Ties count as closer only when the sample equals the data exactly (e.g. no empty windows on either side).
    out.push_back({name, s, d, u, std::abs(s - d) < std::abs(s - u) || s == d});
  };
  scalar("empty_fraction", sample.stats.empty_fraction, data.stats.empty_fraction, uniform.stats.empty_fraction);
  scalar("notes_per_bar", sample.stats.notes_per_bar, data.stats.notes_per_bar, uniform.stats.notes_per_bar);
  scalar("pitch_span", sample.pitch_span, data.pitch_span, uniform.pitch_span);
  const double to_data = music::interval_histogram_distance(sample.stats, data.stats);
  const double to_uniform = music::interval_histogram_distance(sample.stats, uniform.stats);
  out.push_back({"interval_histogram", to_data, 0.0, to_uniform, to_data < to_uniform});
  scalar("scale_consistency", sample.stats.scale_consistency, data.stats.scale_consistency,
         uniform.stats.scale_consistency);
  return out;
}

}  // namespace vec2midi::vae
