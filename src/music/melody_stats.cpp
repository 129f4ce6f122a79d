#include "music/melody_stats.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "io/error.hpp"

namespace vec2midi::music {

namespace {

constexpr int kPitchClasses = 12;
// Scale steps from the root: major (Ionian), natural minor (Aeolian), harmonic minor.
constexpr std::array<std::array<int, 7>, 3> kScales = {{
    {0, 2, 4, 5, 7, 9, 11},
    {0, 2, 3, 5, 7, 8, 10},
    {0, 2, 3, 5, 7, 8, 11},
}};

}  // namespace

std::vector<int> window_pitches(std::span<const uint8_t> events) {
  std::vector<int> pitches;
  for (uint8_t e : events) {
    if (e >= kNumSpecialEvents && e < kNumMelodyEvents) pitches.push_back(event_pitch(e));
  }
  return pitches;
}

double scale_consistency(std::span<const int> pitches) {
  if (pitches.empty()) return 0.0;
  std::array<int64_t, kPitchClasses> histogram{};
  for (int p : pitches) ++histogram[static_cast<size_t>(((p % kPitchClasses) + kPitchClasses) % kPitchClasses)];
  int64_t best = 0;
  for (const auto& scale : kScales) {
    for (int root = 0; root < kPitchClasses; ++root) {
      int64_t in_scale = 0;
      for (int step : scale) in_scale += histogram[static_cast<size_t>((root + step) % kPitchClasses)];
      best = std::max(best, in_scale);
    }
  }
  return static_cast<double>(best) / static_cast<double>(pitches.size());
}

MelodyStats melody_stats(std::span<const uint8_t> events, int64_t n_steps) {
  if (n_steps <= 0 || static_cast<int64_t>(events.size()) % n_steps != 0) {
    throw InputError(std::to_string(events.size()) + " events are not whole windows of " + std::to_string(n_steps) +
                     " steps");
  }
  MelodyStats s;
  s.n_windows = static_cast<int64_t>(events.size()) / n_steps;
  std::array<int64_t, kNumIntervalBins> intervals{};
  double sum = 0.0, sum_sq = 0.0, consistency_sum = 0.0;
  s.pitch.min = kMaxPitch + 1;
  s.pitch.max = kMinPitch - 1;
  for (int64_t w = 0; w < s.n_windows; ++w) {
    const std::vector<int> pitches = window_pitches(events.subspan(static_cast<size_t>(w * n_steps), static_cast<size_t>(n_steps)));
    if (pitches.empty()) {
      ++s.n_empty_windows;
      continue;
    }
    consistency_sum += scale_consistency(pitches);
    for (size_t i = 0; i < pitches.size(); ++i) {
      const int p = pitches[i];
      s.pitch.min = std::min(s.pitch.min, p);
      s.pitch.max = std::max(s.pitch.max, p);
      sum += p;
      sum_sq += static_cast<double>(p) * p;
      if (i > 0) {
        const int interval = std::clamp(p - pitches[i - 1], -kMaxStatsInterval, kMaxStatsInterval);
        ++intervals[static_cast<size_t>(interval + kMaxStatsInterval)];
        ++s.n_intervals;
      }
    }
    s.n_notes += static_cast<int64_t>(pitches.size());
  }
  if (s.n_notes == 0) {
    s.pitch = PitchRange{};
  } else {
    const double n = static_cast<double>(s.n_notes);
    s.pitch.mean = sum / n;
    s.pitch.std = std::sqrt(std::max(0.0, sum_sq / n - s.pitch.mean * s.pitch.mean));
  }
  if (s.n_windows > 0) {
    s.empty_fraction = static_cast<double>(s.n_empty_windows) / static_cast<double>(s.n_windows);
    const double bars_per_window = static_cast<double>(n_steps) / kStepsPerBar;
    s.notes_per_bar = static_cast<double>(s.n_notes) / (static_cast<double>(s.n_windows) * bars_per_window);
  }
  if (s.n_windows > s.n_empty_windows) {
    s.scale_consistency = consistency_sum / static_cast<double>(s.n_windows - s.n_empty_windows);
  }
  for (int b = 0; b < kNumIntervalBins; ++b) {
    s.interval_histogram[static_cast<size_t>(b)] =
        s.n_intervals > 0 ? static_cast<double>(intervals[static_cast<size_t>(b)]) / static_cast<double>(s.n_intervals) : 0.0;
  }
  return s;
}

double interval_histogram_distance(const MelodyStats& a, const MelodyStats& b) {
  double l1 = 0.0;
  for (int i = 0; i < kNumIntervalBins; ++i) {
    l1 += std::abs(a.interval_histogram[static_cast<size_t>(i)] - b.interval_histogram[static_cast<size_t>(i)]);
  }
  return 0.5 * l1;
}

}  // namespace vec2midi::music
