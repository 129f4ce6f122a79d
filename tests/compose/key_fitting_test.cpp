#include "compose/key_fitting.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <random>
#include <vector>

#include "music/constants.hpp"

namespace vec2midi::compose {
namespace {

using music::Key;
using music::Melody;
using music::Mode;

// Notes of the given pitches, `length` steps each, one after the other.
Melody melody_of(const std::vector<int>& pitches, int64_t length = music::kStepsPerQuarter) {
  Melody m;
  for (int pitch : pitches) {
    m.notes.push_back({.pitch = pitch, .start_step = m.n_steps, .end_step = m.n_steps + length});
    m.n_steps += length;
  }
  return m;
}

// A seeded random melody of 32 eighth notes over the chromatic scale from C3 to C6.
Melody random_chromatic_melody(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<int> pitches;
  for (int i = 0; i < 32; ++i) pitches.push_back(48 + static_cast<int>(rng() % 37));
  return melody_of(pitches, 2);
}

TEST(KeyFitting, EveryNoteIsInKeyAfterFitting) {
  for (uint64_t seed = 0; seed < 20; ++seed) {
    const Melody m = random_chromatic_melody(seed);
    for (const Key key : {Key{0, Mode::kMajor}, Key{6, Mode::kMinor}, Key{10, Mode::kMajor}, Key{3, Mode::kMinor}}) {
      EXPECT_DOUBLE_EQ(in_key_share(fit_to_key(m, key), key), 1.0) << "seed " << seed;
    }
  }
}

TEST(KeyFitting, TimingAndLengthAreKept) {
  const Melody m = random_chromatic_melody(7);
  const Melody fitted = fit_to_key(m, Key{2, Mode::kMinor});
  ASSERT_EQ(fitted.notes.size(), m.notes.size());
  EXPECT_EQ(fitted.n_steps, m.n_steps);
  for (size_t i = 0; i < m.notes.size(); ++i) {
    EXPECT_EQ(fitted.notes[i].start_step, m.notes[i].start_step);
    EXPECT_EQ(fitted.notes[i].end_step, m.notes[i].end_step);
    EXPECT_EQ(fitted.notes[i].velocity, m.notes[i].velocity);
  }
}

TEST(KeyFitting, MelodyAlreadyInKeyIsUnchanged) {
  const Melody m = melody_of({60, 64, 67, 65, 62, 71, 72, 69});
  EXPECT_EQ(key_shift(m, Key{0, Mode::kMajor}), 0);
  EXPECT_EQ(fit_to_key(m, Key{0, Mode::kMajor}), m);
}

TEST(KeyFitting, RelativeMinorMelodyNeedsNoShift) {
  const Melody a_minor = melody_of({57, 60, 64, 62, 60, 59, 57}, 4);
  EXPECT_EQ(key_shift(a_minor, Key{0, Mode::kMajor}), 0);
}

TEST(KeyFitting, TranspositionKeepsIntervalsWhenNoSnappingIsNeeded) {
  // D major scale and arpeggio: only a shift of -2 puts all of it in C major.
  const Melody d_major = melody_of({62, 64, 66, 67, 69, 71, 73, 74, 66, 69, 62});
  const Melody fitted = fit_to_key(d_major, Key{0, Mode::kMajor});
  EXPECT_EQ(key_shift(d_major, Key{0, Mode::kMajor}), -2);
  for (size_t i = 0; i < fitted.notes.size(); ++i) {
    EXPECT_EQ(fitted.notes[i].pitch - fitted.notes[0].pitch, d_major.notes[i].pitch - d_major.notes[0].pitch);
  }
  EXPECT_DOUBLE_EQ(in_key_share(fitted, Key{0, Mode::kMajor}), 1.0);
}

TEST(KeyFitting, ShiftStaysWithinATritone) {
  for (uint64_t seed = 0; seed < 20; ++seed) {
    const int shift = key_shift(random_chromatic_melody(seed), Key{4, Mode::kMinor});
    EXPECT_GE(shift, kMinKeyShift);
    EXPECT_LE(shift, kMaxKeyShift);
  }
}

TEST(KeyFitting, SnappedNotesMoveAtMostOneSemitoneAfterTheShift) {
  const Melody m = random_chromatic_melody(3);
  const Key key{9, Mode::kMinor};
  const int shift = key_shift(m, key);
  const Melody fitted = fit_to_key(m, key);
  for (size_t i = 0; i < m.notes.size(); ++i) EXPECT_LE(std::abs(fitted.notes[i].pitch - (m.notes[i].pitch + shift)), 1);
}

TEST(KeyFitting, PitchesStayInRange) {
  const Melody m = melody_of({music::kMinPitch, music::kMinPitch + 1, music::kMaxPitch, music::kMaxPitch - 1});
  for (int tonic = 0; tonic < music::kNumPitchClasses; ++tonic) {
    for (const music::Note& note : fit_to_key(m, Key{tonic, Mode::kMajor}).notes) {
      EXPECT_GE(note.pitch, music::kMinPitch);
      EXPECT_LE(note.pitch, music::kMaxPitch);
    }
  }
}

TEST(KeyFitting, SnapTiesMoveTowardThePreviousNoteElseDown) {
  const std::array<int, 2> c_and_d = {0, 2};
  EXPECT_EQ(snap_to_pitch_classes(61, c_and_d), 60);
  EXPECT_EQ(snap_to_pitch_classes(61, c_and_d, 70), 62);
  EXPECT_EQ(snap_to_pitch_classes(61, c_and_d, 50), 60);
  EXPECT_EQ(snap_to_pitch_classes(62, c_and_d, 50), 62);
}

TEST(KeyFitting, EmptyMelodyIsFullyInKey) {
  const Melody empty{.notes = {}, .n_steps = 32};
  EXPECT_DOUBLE_EQ(in_key_share(empty, Key{}), 1.0);
  EXPECT_EQ(fit_to_key(empty, Key{5, Mode::kMinor}), empty);
}

TEST(KeyFitting, InKeyShareCountsNotes) {
  EXPECT_DOUBLE_EQ(in_key_share(melody_of({60, 61, 62, 63}), Key{}), 0.5);
}

}  // namespace
}  // namespace vec2midi::compose
