#include "music/melody_distance.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::music {
namespace {

using testing::shared_json;

constexpr char kGolden[] = "golden/melody_distance_examples.json";
constexpr double kGoldenTolerance = 1e-9;  // the bar: every golden value to 1e-9

// A melody from (pitch, start, end) triples, the layout of the golden file.
Melody melody_of(const std::vector<std::array<int, 3>>& notes) {
  Melody m;
  for (const auto& [pitch, start, end] : notes) m.notes.push_back({.pitch = pitch, .start_step = start, .end_step = end});
  m.n_steps = m.notes.empty() ? 0 : m.notes.back().end_step;
  return m;
}

Melody melody_of_json(const nlohmann::json& notes) {
  std::vector<std::array<int, 3>> triples;
  for (const auto& n : notes) triples.push_back({n.at(0).get<int>(), n.at(1).get<int>(), n.at(2).get<int>()});
  return melody_of(triples);
}

// Checks one column of the golden file ("positive", "negative" or "no_penalty").
void expect_golden_column(const std::string& column, bool positive, bool penalty_enabled) {
  const auto golden = shared_json(kGolden);
  const auto& pairs = golden.at("pairs");
  ASSERT_EQ(pairs.size(), 60u) << "the golden file changed";
  for (size_t i = 0; i < pairs.size(); ++i) {
    SCOPED_TRACE("pair " + std::to_string(i));
    const auto fa = melody_features(melody_of_json(pairs[i].at("a")));
    const auto fb = melody_features(melody_of_json(pairs[i].at("b")));
    EXPECT_NEAR(melody_distance(fa, fb, positive, penalty_enabled), pairs[i].at(column).get<double>(),
                kGoldenTolerance);
  }
}

TEST(MelodyDistance, MatchesGoldenPositive) { expect_golden_column("positive", true, true); }

TEST(MelodyDistance, MatchesGoldenNegative) { expect_golden_column("negative", false, true); }

TEST(MelodyDistance, MatchesGoldenNoPenalty) { expect_golden_column("no_penalty", true, false); }

TEST(MelodyFeatures, LinesHoldTwoValuesPerNote) {
  // Notes 60 (4 steps), 62 (2 steps) after a rest, 41 (1 step): steps 0, +2, -21 -> clipped to -15.
  const auto f = melody_features(melody_of({{60, 0, 4}, {62, 6, 8}, {41, 8, 9}}));
  EXPECT_DOUBLE_EQ(f.first, 60.0 / 80.0);
  EXPECT_EQ(f.pitch_line, (std::vector<double>{0, 0, 2, 2, -13, -13}));
  EXPECT_EQ(f.time_line, (std::vector<double>{0, 4, 4, 6, 6, 7}));
  EXPECT_EQ(f.line_length(), 6);
}

TEST(MelodyFeatures, MelodyWithoutNotesHasNoFeatures) {
  const auto f = melody_features(Melody{.notes = {}, .n_steps = 32});
  EXPECT_TRUE(f.empty());
  EXPECT_EQ(f.line_length(), 0);
}

TEST(MelodyDistance, EmptyMelodyIsFar) {
  const auto empty = melody_features(Melody{});
  const auto some = melody_features(melody_of({{60, 0, 4}, {64, 4, 8}}));
  EXPECT_EQ(melody_distance(empty, some, true, true), 100.0);
  EXPECT_EQ(melody_distance(some, empty, false, true), -100.0);
  EXPECT_EQ(melody_distance(empty, empty, true, false), 100.0);
  EXPECT_TRUE(melody_distance_parts(empty, some, true, true).empty);
}

TEST(MelodyDistance, SingleNotesByHand) {
  // x = 60 for 4 steps, y = 64 for 2 steps: P = [0, 0] both, T_x = [0, 4], T_y = [0, 2]; w = [1, 1].
  // s = [0, ln(1 + 2/4)], mean(s / 2) = ln(1.5) / 4; first-note term 4 * 4/80; L = 2 < 3 -> penalty 5.
  const auto x = melody_features(melody_of({{60, 0, 4}}));
  const auto y = melody_features(melody_of({{64, 3, 5}}));
  const auto parts = melody_distance_parts(x, y, true, true);
  EXPECT_NEAR(parts.pitch_term, 0.0, 1e-15);
  EXPECT_NEAR(parts.time_term, std::log(1.5) / 4.0, 1e-15);
  EXPECT_NEAR(parts.first_note_term, 0.2, 1e-15);
  EXPECT_EQ(parts.penalty, 5.0);
  EXPECT_NEAR(parts.total, std::log(1.5) / 4.0 + 0.2 + 5.0, 1e-15);
}

TEST(MelodyDistance, WeightsGrowEveryTwoValues) {
  // Two notes each, only the second pitch differs (by 2.6 semitones' worth: 13 vs 0 -> |ΔP| = 13).
  // P_x = [0, 0, 13, 13], P_y = 0; w = [1, 1, log2 3, log2 3]; Σ 1/w = 2 + 2/log2 3.
  const auto x = melody_features(melody_of({{60, 0, 2}, {73, 2, 4}}));
  const auto y = melody_features(melody_of({{60, 0, 2}, {60, 2, 4}}));
  const double inv_w2 = 1.0 / std::log2(3.0);
  const double expected = (2.0 * 13.0 / 2.6 * inv_w2) / (4.0 * (2.0 + 2.0 * inv_w2));
  EXPECT_NEAR(melody_distance(x, y, true, false), expected, 1e-14);
}

TEST(MelodyDistance, IdenticalMelodiesAreZeroApart) {
  const auto x = melody_features(melody_of({{60, 0, 4}, {67, 4, 6}, {65, 8, 12}}));
  EXPECT_EQ(melody_distance(x, x, true, true), 0.0);  // 3 notes: L = 6, no penalty
}

TEST(MelodyDistance, IsSymmetric) {
  const auto x = melody_features(melody_of({{60, 0, 4}, {67, 4, 6}, {65, 8, 12}, {50, 12, 13}, {72, 14, 16}}));
  const auto y = melody_features(melody_of({{70, 1, 2}, {58, 3, 9}}));
  EXPECT_DOUBLE_EQ(melody_distance(x, y, true, true), melody_distance(y, x, true, true));
  EXPECT_DOUBLE_EQ(melody_distance(x, y, false, false), melody_distance(y, x, false, false));
}

TEST(MelodyDistance, ShorterMelodyIsTiledWithTimeRunning) {
  // A two-note motif against the same motif played twice: tiling the pitch line and the time
  // increments (time keeps running) makes them equal, so only the penalty (L = 8 > 7) remains.
  const auto motif = melody_features(melody_of({{60, 0, 3}, {64, 3, 4}}));
  const auto twice = melody_features(melody_of({{60, 0, 3}, {64, 3, 4}, {60, 4, 7}, {64, 7, 8}}));
  EXPECT_NEAR(melody_distance(motif, twice, true, false), 0.0, 1e-15);
  EXPECT_NEAR(melody_distance(twice, motif, true, true), 5.0, 1e-15);
}

TEST(MelodyDistance, TiledTimeComparesDurationsByHand) {
  // Motif durations 3, 1 tiled: T = [0, 3, 3, 4, 4, 7, 7, 8]; the other plays 3, 1, 1, 3:
  // T = [0, 3, 3, 4, 4, 5, 5, 8]. Only k = 6, 7 (1-based) differ, by 2 steps; w_6 = log2 4, w_7 = log2 5.
  const auto motif = melody_features(melody_of({{60, 0, 3}, {64, 3, 4}}));
  const auto other = melody_features(melody_of({{60, 0, 3}, {64, 3, 4}, {60, 4, 5}, {64, 5, 8}}));
  const double sum_inv_w = 2.0 * (1.0 + 1.0 / std::log2(3.0) + 1.0 / 2.0 + 1.0 / std::log2(5.0));
  const double s = std::log(1.5) / 2.0 + std::log(1.5) / std::log2(5.0);
  EXPECT_NEAR(melody_distance(motif, other, true, false), s / (8.0 * sum_inv_w), 1e-15);
}

TEST(MelodyDistance, GapsBetweenNotesAreIgnored) {
  const auto tight = melody_features(melody_of({{60, 0, 2}, {62, 2, 4}, {59, 4, 8}}));
  const auto gappy = melody_features(melody_of({{60, 1, 3}, {62, 6, 8}, {59, 9, 13}}));
  const auto other = melody_features(melody_of({{61, 0, 2}, {66, 2, 5}}));
  EXPECT_EQ(melody_distance(tight, other, true, true), melody_distance(gappy, other, true, true));
}

TEST(MelodyDistance, PenaltyOnlyOutsideTwoOrThreeNotes) {
  const auto one = melody_features(melody_of({{60, 0, 4}}));
  const auto two = melody_features(melody_of({{60, 0, 4}, {62, 4, 8}}));
  const auto three = melody_features(melody_of({{60, 0, 4}, {62, 4, 8}, {64, 8, 12}}));
  const auto four = melody_features(melody_of({{60, 0, 4}, {62, 4, 8}, {64, 8, 12}, {65, 12, 16}}));
  EXPECT_EQ(melody_distance_parts(one, one, true, true).penalty, 5.0);     // L = 2
  EXPECT_EQ(melody_distance_parts(one, two, true, true).penalty, 0.0);     // max L = 4
  EXPECT_EQ(melody_distance_parts(three, one, true, true).penalty, 0.0);   // max L = 6
  EXPECT_EQ(melody_distance_parts(four, two, true, true).penalty, 5.0);    // max L = 8
  EXPECT_EQ(melody_distance_parts(four, two, false, true).penalty, -5.0);  // negative side
  EXPECT_EQ(melody_distance_parts(four, two, true, false).penalty, 0.0);   // disabled
}

TEST(MelodyDistance, PartsAddUpToTotal) {
  const auto x = melody_features(melody_of({{60, 0, 4}, {67, 4, 6}, {65, 8, 12}, {50, 12, 13}}));
  const auto y = melody_features(melody_of({{70, 1, 2}, {58, 3, 9}}));
  const auto p = melody_distance_parts(x, y, false, true);
  EXPECT_GT(p.pitch_term, 0.0);
  EXPECT_GT(p.time_term, 0.0);
  EXPECT_DOUBLE_EQ(p.total, p.pitch_term + p.time_term + p.first_note_term + p.penalty);
  EXPECT_EQ(p.total, melody_distance(x, y, false, true));
}

TEST(MelodyDistance, LongLinesBeyondTheWeightTable) {
  // 300 notes (L = 600) against a shifted copy: every pitch differs by 1, times agree.
  std::vector<std::array<int, 3>> a, b;
  for (int i = 0; i < 300; ++i) {
    a.push_back({60 + i % 5, i, i + 1});
    b.push_back({61 + i % 5, i, i + 1});
  }
  const auto fa = melody_features(melody_of(a));
  const auto fb = melody_features(melody_of(b));
  // Relative pitch lines are equal, so only the first-note term remains.
  EXPECT_NEAR(melody_distance(fa, fb, true, false), 4.0 / 80.0, 1e-12);
}

TEST(MelodyDistances, BatchEqualsOneByOne) {
  const auto golden = shared_json(kGolden);
  std::vector<MelodyFeatures> features;
  for (const auto& pair : golden.at("pairs")) {
    features.push_back(melody_features(melody_of_json(pair.at("a"))));
    features.push_back(melody_features(melody_of_json(pair.at("b"))));
  }
  std::vector<MelodyFeaturePair> pairs;
  for (size_t i = 0; i + 1 < features.size(); ++i) pairs.push_back({&features[i], &features[i + 1]});
  const auto batch = melody_distances(pairs, false, true);
  ASSERT_EQ(batch.size(), pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    EXPECT_EQ(batch[i], melody_distance(*pairs[i].x, *pairs[i].y, false, true)) << "pair " << i;
  }
}

TEST(MelodyDistances, RejectsWrongOutputSize) {
  const auto f = melody_features(melody_of({{60, 0, 4}}));
  const std::vector<MelodyFeaturePair> pairs = {{&f, &f}, {&f, &f}};
  std::vector<double> out(1);
  EXPECT_THROW(melody_distances(pairs, true, true, out), Error);
}

}  // namespace
}  // namespace vec2midi::music
