#include "music/melody_stats.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <random>

#include "io/error.hpp"

namespace vec2midi::music {
namespace {

constexpr uint8_t on(int pitch) { return static_cast<uint8_t>(pitch - 19); }  // MISSION.md §3

std::vector<uint8_t> windows_of(std::initializer_list<std::vector<std::pair<int, uint8_t>>> windows) {
  std::vector<uint8_t> out;
  for (const auto& w : windows) {
    std::vector<uint8_t> events(kWindowSteps, kNoEvent);
    for (const auto& [step, e] : w) events[static_cast<size_t>(step)] = e;
    out.insert(out.end(), events.begin(), events.end());
  }
  return out;
}

TEST(MelodyStats, CountsNotesPitchesAndEmptyWindows) {
  // Window 1: C4 E4 G4; window 2: empty; window 3: C5.
  const auto events = windows_of({{{0, on(60)}, {4, on(64)}, {8, on(67)}}, {}, {{0, on(72)}, {4, kNoteOff}}});
  const MelodyStats s = melody_stats(events, kWindowSteps);
  EXPECT_EQ(s.n_windows, 3);
  EXPECT_EQ(s.n_empty_windows, 1);
  EXPECT_DOUBLE_EQ(s.empty_fraction, 1.0 / 3.0);
  EXPECT_EQ(s.n_notes, 4);
  EXPECT_DOUBLE_EQ(s.notes_per_bar, 4.0 / 6.0);  // three 2-bar windows
  EXPECT_EQ(s.pitch.min, 60);
  EXPECT_EQ(s.pitch.max, 72);
  EXPECT_DOUBLE_EQ(s.pitch.mean, (60 + 64 + 67 + 72) / 4.0);
  const double mean = s.pitch.mean;
  const double var = ((60 - mean) * (60 - mean) + (64 - mean) * (64 - mean) + (67 - mean) * (67 - mean) +
                      (72 - mean) * (72 - mean)) / 4.0;
  EXPECT_NEAR(s.pitch.std, std::sqrt(var), 1e-12);
}

TEST(MelodyStats, IntervalsStayInsideAWindowAndAreClipped) {
  // +4, +3 in the first window, +19 (clipped to +12) in the second; none across windows.
  const auto events = windows_of({{{0, on(60)}, {4, on(64)}, {8, on(67)}}, {{0, on(40)}, {8, on(59)}}});
  const MelodyStats s = melody_stats(events, kWindowSteps);
  EXPECT_EQ(s.n_intervals, 3);
  EXPECT_DOUBLE_EQ(s.interval_histogram[kMaxStatsInterval + 4], 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.interval_histogram[kMaxStatsInterval + 3], 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.interval_histogram[2 * kMaxStatsInterval], 1.0 / 3.0);
}

TEST(MelodyStats, IntervalHistogramSumsToOne) {
  std::mt19937_64 rng(3);
  std::vector<uint8_t> events(100 * kWindowSteps);
  for (auto& e : events) e = static_cast<uint8_t>(rng() % 4 == 0 ? rng() % kNumMelodyEvents : 0);
  const MelodyStats s = melody_stats(events, kWindowSteps);
  ASSERT_GT(s.n_intervals, 0);
  EXPECT_NEAR(std::accumulate(s.interval_histogram.begin(), s.interval_histogram.end(), 0.0), 1.0, 1e-12);
}

TEST(MelodyStats, NoWindowsGiveZeros) {
  const MelodyStats s = melody_stats({}, kWindowSteps);
  EXPECT_EQ(s.n_windows, 0);
  EXPECT_EQ(s.n_notes, 0);
  EXPECT_EQ(s.empty_fraction, 0.0);
}

TEST(MelodyStats, PartialWindowIsBadInput) {
  const std::vector<uint8_t> events(kWindowSteps + 1, 0);
  EXPECT_THROW(melody_stats(events, kWindowSteps), InputError);
}

TEST(MelodyStats, ScaleConsistencyOfAMajorScaleIsOne) {
  const std::vector<int> d_major = {62, 64, 66, 67, 69, 71, 73, 74};
  EXPECT_DOUBLE_EQ(scale_consistency(d_major), 1.0);
  const std::vector<int> a_harmonic_minor = {57, 59, 60, 62, 64, 65, 68};
  EXPECT_DOUBLE_EQ(scale_consistency(a_harmonic_minor), 1.0);
}

TEST(MelodyStats, ScaleConsistencyOfTheChromaticScale) {
  std::vector<int> chromatic(12);
  std::iota(chromatic.begin(), chromatic.end(), 60);
  EXPECT_DOUBLE_EQ(scale_consistency(chromatic), 7.0 / 12.0);  // any 7-note scale holds 7 of 12
  EXPECT_EQ(scale_consistency({}), 0.0);
}

TEST(MelodyStats, ScaleConsistencyIsTranspositionInvariant) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 50; ++i) {
    std::vector<int> p(10), q(10);
    for (size_t k = 0; k < p.size(); ++k) p[k] = 40 + static_cast<int>(rng() % 40);
    const int shift = static_cast<int>(rng() % 12);
    for (size_t k = 0; k < p.size(); ++k) q[k] = p[k] + shift;
    EXPECT_DOUBLE_EQ(scale_consistency(p), scale_consistency(q));
  }
}

TEST(MelodyStats, IntervalDistanceIsAMetricOnHistograms) {
  const MelodyStats up = melody_stats(windows_of({{{0, on(60)}, {4, on(62)}}}), kWindowSteps);
  const MelodyStats down = melody_stats(windows_of({{{0, on(62)}, {4, on(60)}}}), kWindowSteps);
  const MelodyStats mixed = melody_stats(windows_of({{{0, on(60)}, {4, on(62)}, {8, on(60)}}}), kWindowSteps);
  EXPECT_DOUBLE_EQ(interval_histogram_distance(up, up), 0.0);
  EXPECT_DOUBLE_EQ(interval_histogram_distance(up, down), 1.0);  // disjoint
  EXPECT_DOUBLE_EQ(interval_histogram_distance(up, mixed), 0.5);
  EXPECT_DOUBLE_EQ(interval_histogram_distance(mixed, up), interval_histogram_distance(up, mixed));
  EXPECT_LE(interval_histogram_distance(up, down),
            interval_histogram_distance(up, mixed) + interval_histogram_distance(mixed, down));
}

}  // namespace
}  // namespace vec2midi::music
