#include "compose/harmony.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <random>
#include <string>
#include <vector>

#include "io/error.hpp"
#include "music/constants.hpp"

namespace vec2midi::compose {
namespace {

using music::Key;
using music::Melody;
using music::Mode;

constexpr int64_t kBar = music::kStepsPerBar;

// Quarter notes of the given pitches, one after the other.
Melody quarters(const std::vector<int>& pitches) {
  Melody m;
  for (int pitch : pitches) {
    m.notes.push_back({.pitch = pitch, .start_step = m.n_steps, .end_step = m.n_steps + music::kStepsPerQuarter});
    m.n_steps += music::kStepsPerQuarter;
  }
  return m;
}

// A seeded random melody in C major: 8 bars of notes 1, 2 or 4 steps long (with some rests).
Melody random_c_major_melody(uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto scale = music::scale_pitch_classes(Key{});
  Melody m{.notes = {}, .n_steps = 8 * kBar};
  for (int64_t step = 0; step < m.n_steps;) {
    const int64_t length = std::array<int64_t, 3>{1, 2, 4}[rng() % 3];
    const int64_t end = std::min(m.n_steps, step + length);
    if (rng() % 5 != 0) m.notes.push_back({.pitch = 60 + scale[rng() % scale.size()], .start_step = step, .end_step = end});
    step = end;
  }
  return m;
}

TEST(Harmony, ChordTonesOfOneFourFiveOneGetThoseChords) {
  // C E G C | F A C A | G B D B | C G E C
  const Melody m = quarters({60, 64, 67, 72, 65, 69, 72, 69, 67, 71, 74, 71, 72, 67, 64, 60});
  const std::vector<Chord> chords = harmonise(m, Key{});
  ASSERT_EQ(chords.size(), 4u);
  const std::vector<int> roots = {0, 5, 7, 0};
  for (size_t i = 0; i < chords.size(); ++i) {
    EXPECT_EQ(chords[i].root, roots[i]) << i;
    EXPECT_EQ(chords[i].quality, ChordQuality::kMajor) << i;
    EXPECT_EQ(chords[i].start_step, static_cast<int64_t>(i) * kBar) << i;
  }
}

TEST(Harmony, BeatsEveryFixedDiatonicChordOnStrongBeats) {
  for (uint64_t seed = 0; seed < 20; ++seed) {
    const Melody m = random_c_major_melody(seed);
    const double harmonised = strong_beat_chord_tone_share(m, harmonise(m, Key{}));
    for (Chord fixed : diatonic_triads(Key{})) {
      fixed.end_step = m.n_steps;
      EXPECT_GE(harmonised, strong_beat_chord_tone_share(m, {fixed})) << "seed " << seed << " " << chord_name(fixed);
    }
  }
}

TEST(Harmony, ReachesTheStrongBeatGoalOnRandomMelodies) {
  for (uint64_t seed = 0; seed < 20; ++seed) {
    const Melody m = random_c_major_melody(seed);
    EXPECT_GE(strong_beat_chord_tone_share(m, harmonise(m, Key{})), 0.85) << "seed " << seed;
  }
}

TEST(Harmony, ChordsCoverTheMelodyExactly) {
  for (const int64_t n_steps : {int64_t{32}, int64_t{40}, int64_t{37}, int64_t{5}}) {
    Melody m = random_c_major_melody(1);
    m.n_steps = n_steps;
    std::erase_if(m.notes, [&](const music::Note& n) { return n.end_step > n_steps; });
    const std::vector<Chord> chords = harmonise(m, Key{9, Mode::kMinor});
    ASSERT_FALSE(chords.empty());
    EXPECT_EQ(chords.front().start_step, 0);
    EXPECT_EQ(chords.back().end_step, n_steps);
    for (size_t i = 1; i < chords.size(); ++i) EXPECT_EQ(chords[i].start_step, chords[i - 1].end_step);
    for (const Chord& c : chords) EXPECT_LT(c.start_step, c.end_step);
  }
}

TEST(Harmony, ChangesOnlyAtSegmentBoundaries) {
  HarmonyOptions options;
  options.steps_per_chord = 4;
  const Melody m = random_c_major_melody(2);
  for (const Chord& c : harmonise(m, Key{}, options)) EXPECT_EQ(c.start_step % 4, 0);
}

TEST(Harmony, NeighbouringChordsDiffer) {
  const Melody m = random_c_major_melody(3);
  const std::vector<Chord> chords = harmonise(m, Key{});
  for (size_t i = 1; i < chords.size(); ++i) {
    EXPECT_FALSE(chords[i].root == chords[i - 1].root && chords[i].quality == chords[i - 1].quality);
  }
}

TEST(Harmony, MelodyEndingOnTheTonicEndsOnTheTonicChord) {
  for (const Key key : {Key{0, Mode::kMajor}, Key{9, Mode::kMinor}, Key{2, Mode::kMinor}, Key{7, Mode::kMajor}}) {
    Melody m = quarters({64, 65, 67, 69, 71, 67, 62, 64});
    for (music::Note& n : m.notes) n.pitch += key.tonic;
    m.notes.push_back({.pitch = 60 + key.tonic, .start_step = m.n_steps, .end_step = m.n_steps + kBar});
    m.n_steps += kBar;
    const std::vector<Chord> chords = harmonise(m, key);
    EXPECT_EQ(chords.back().root, key.tonic) << music::key_name(key);
  }
}

TEST(Harmony, EveryChordIsDiatonic) {
  const Key key{4, Mode::kMinor};
  const auto triads = diatonic_triads(key);
  for (const Chord& c : harmonise(random_c_major_melody(4), key)) {
    const bool diatonic = std::any_of(triads.begin(), triads.end(), [&](const Chord& t) {
      return t.root == c.root && t.quality == c.quality;
    });
    EXPECT_TRUE(diatonic) << chord_name(c, key);
  }
}

TEST(Harmony, DiatonicTriadsOfMajorAndMinor) {
  std::vector<std::string> major, minor;
  for (const Chord& c : diatonic_triads(Key{0, Mode::kMajor})) major.push_back(chord_name(c));
  for (const Chord& c : diatonic_triads(Key{9, Mode::kMinor})) minor.push_back(chord_name(c));
  EXPECT_EQ(major, (std::vector<std::string>{"C", "Dm", "Em", "F", "G", "Am", "Bdim"}));
  EXPECT_EQ(minor, (std::vector<std::string>{"Am", "Bdim", "C", "Dm", "Em", "F", "G"}));
}

TEST(Harmony, DiatonicTriadTonesAreInKey) {
  for (int tonic = 0; tonic < music::kNumPitchClasses; ++tonic) {
    for (const Mode mode : {Mode::kMajor, Mode::kMinor}) {
      for (const Chord& c : diatonic_triads(Key{tonic, mode})) {
        for (int pc : chord_pitch_classes(c)) EXPECT_TRUE(music::in_key(pc, Key{tonic, mode}));
      }
    }
  }
}

TEST(Harmony, ChordNamesSpellLikeTheKey) {
  EXPECT_EQ(chord_name(Chord{.root = 10, .quality = ChordQuality::kMajor}, Key{5, Mode::kMajor}), "Bb");
  EXPECT_EQ(chord_name(Chord{.root = 6, .quality = ChordQuality::kMinor}, Key{7, Mode::kMajor}), "F#m");
  EXPECT_EQ(chord_name(Chord{.root = 11, .quality = ChordQuality::kDiminished}), "Bdim");
}

TEST(Harmony, StrongBeatShareCountsOnlyStrongOnsets) {
  // C on beat 1 (a C chord tone), D on beat 2 (ignored), F on beat 3 (not in C).
  const Melody m = quarters({60, 62, 65, 64});
  const Chord c_major{.root = 0, .quality = ChordQuality::kMajor, .start_step = 0, .end_step = 16};
  EXPECT_DOUBLE_EQ(strong_beat_chord_tone_share(m, {c_major}), 0.5);
  EXPECT_DOUBLE_EQ(strong_beat_chord_tone_share(Melody{.notes = {}, .n_steps = 16}, {c_major}), 1.0);
  EXPECT_DOUBLE_EQ(strong_beat_chord_tone_share(m, {}), 0.0);
}

TEST(Harmony, EmptyMelodyHasNoChords) { EXPECT_TRUE(harmonise(Melody{}, Key{}).empty()); }

TEST(Harmony, NonPositiveSegmentLengthThrows) {
  HarmonyOptions options;
  options.steps_per_chord = 0;
  EXPECT_THROW(harmonise(quarters({60}), Key{}, options), InputError);
}

}  // namespace
}  // namespace vec2midi::compose
