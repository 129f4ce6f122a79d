#include "compose/accompaniment.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/error.hpp"
#include "music/constants.hpp"

namespace vec2midi::compose {
namespace {

constexpr int64_t kBar = music::kStepsPerBar;

// C | Am (half bar) F (half bar) | G | C (two bars): 5 bars, 80 steps.
const std::vector<Chord> kChords = {
    {.root = 0, .quality = ChordQuality::kMajor, .start_step = 0, .end_step = 16},
    {.root = 9, .quality = ChordQuality::kMinor, .start_step = 16, .end_step = 24},
    {.root = 5, .quality = ChordQuality::kMajor, .start_step = 24, .end_step = 32},
    {.root = 7, .quality = ChordQuality::kMajor, .start_step = 32, .end_step = 48},
    {.root = 0, .quality = ChordQuality::kMajor, .start_step = 48, .end_step = 80},
};
constexpr int64_t kSteps = 80;

music::Track track_named(const std::vector<music::Track>& tracks, const std::string& name) {
  const auto it = std::find_if(tracks.begin(), tracks.end(), [&](const music::Track& t) { return t.name == name; });
  if (it == tracks.end()) throw std::runtime_error("no track " + name);
  return *it;
}

const Chord& chord_at(int64_t step) {
  return *std::find_if(kChords.begin(), kChords.end(), [&](const Chord& c) { return c.start_step <= step && step < c.end_step; });
}

bool plays(const music::Track& track, int pitch, int64_t step) {
  return std::any_of(track.notes.begin(), track.notes.end(),
                     [&](const music::Note& n) { return n.pitch == pitch && n.start_step == step; });
}

TEST(Accompaniment, NoneGivesNoTrack) { EXPECT_TRUE(accompany(kChords, kSteps, Accompaniment::kNone).empty()); }

TEST(Accompaniment, ChordsGivesChordAndBassTracks) {
  const AccompanimentOptions options;
  const auto tracks = accompany(kChords, kSteps, Accompaniment::kChords, options);
  ASSERT_EQ(tracks.size(), 2u);
  EXPECT_EQ(track_named(tracks, "chords").program, options.chord_program);
  EXPECT_EQ(track_named(tracks, "chords").channel, options.chord_channel);
  EXPECT_EQ(track_named(tracks, "bass").program, options.bass_program);
  EXPECT_EQ(track_named(tracks, "bass").channel, options.bass_channel);
}

TEST(Accompaniment, FullAddsDrumsOnTheDrumChannel) {
  const auto tracks = accompany(kChords, kSteps, Accompaniment::kFull);
  ASSERT_EQ(tracks.size(), 3u);
  EXPECT_EQ(track_named(tracks, "drums").channel, music::kDrumChannel);
  EXPECT_TRUE(track_named(tracks, "drums").is_drum());
}

TEST(Accompaniment, EveryChordNoteBelongsToItsChordAndRegister) {
  const AccompanimentOptions options;
  const music::Track chords = track_named(accompany(kChords, kSteps, Accompaniment::kChords), "chords");
  for (const music::Note& n : chords.notes) {
    const auto pcs = chord_pitch_classes(chord_at(n.start_step));
    EXPECT_NE(std::find(pcs.begin(), pcs.end(), music::pitch_class(n.pitch)), pcs.end()) << n.start_step;
    EXPECT_GE(n.pitch, options.chord_low);
    EXPECT_LE(n.pitch, options.chord_high);
    EXPECT_LE(n.end_step, chord_at(n.start_step).end_step);
  }
}

TEST(Accompaniment, EachChordSoundsAllThreeTonesAtItsStart) {
  const music::Track chords = track_named(accompany(kChords, kSteps, Accompaniment::kChords), "chords");
  for (const Chord& c : kChords) {
    std::vector<int> struck;
    for (const music::Note& n : chords.notes) {
      if (n.start_step == c.start_step) struck.push_back(music::pitch_class(n.pitch));
    }
    std::sort(struck.begin(), struck.end());
    auto pcs = chord_pitch_classes(c);
    std::sort(pcs.begin(), pcs.end());
    EXPECT_EQ(struck, std::vector<int>(pcs.begin(), pcs.end())) << c.start_step;
  }
}

TEST(Accompaniment, VoicesMoveLittleBetweenChords) {
  const music::Track chords = track_named(accompany(kChords, kSteps, Accompaniment::kChords), "chords");
  for (size_t i = 1; i < kChords.size(); ++i) {
    std::vector<int> before, after;
    for (const music::Note& n : chords.notes) {
      if (n.start_step == kChords[i - 1].start_step) before.push_back(n.pitch);
      if (n.start_step == kChords[i].start_step) after.push_back(n.pitch);
    }
    ASSERT_EQ(before.size(), 3u);
    ASSERT_EQ(after.size(), 3u);
    for (size_t v = 0; v < 3; ++v) EXPECT_LE(std::abs(after[v] - before[v]), 5) << "chord " << i;
  }
}

TEST(Accompaniment, BassPlaysTheRootAtEachChordStart) {
  const AccompanimentOptions options;
  const music::Track bass = track_named(accompany(kChords, kSteps, Accompaniment::kChords), "bass");
  for (const Chord& c : kChords) {
    const bool root = std::any_of(bass.notes.begin(), bass.notes.end(), [&](const music::Note& n) {
      return n.start_step == c.start_step && music::pitch_class(n.pitch) == c.root;
    });
    EXPECT_TRUE(root) << c.start_step;
  }
  for (const music::Note& n : bass.notes) {
    EXPECT_GE(n.pitch, options.bass_low);
    EXPECT_LE(n.pitch, options.bass_high);
  }
}

TEST(Accompaniment, BassPlaysTheFifthOnBeatThreeOfAWholeBarChord) {
  const music::Track bass = track_named(accompany(kChords, kSteps, Accompaniment::kChords), "bass");
  for (const int64_t bar_start : {int64_t{0}, int64_t{32}, int64_t{48}, int64_t{64}}) {
    const Chord& c = chord_at(bar_start);
    const bool fifth = std::any_of(bass.notes.begin(), bass.notes.end(), [&](const music::Note& n) {
      return n.start_step == bar_start + kBar / 2 && music::pitch_class(n.pitch) == chord_pitch_classes(c)[2];
    });
    EXPECT_TRUE(fifth) << bar_start;
  }
}

TEST(Accompaniment, DrumsKickOnBeatsOneAndThreeOfEveryBar) {
  const music::Track drums = track_named(accompany(kChords, kSteps, Accompaniment::kFull, {}, {0, 48}), "drums");
  for (int64_t bar = 0; bar < kSteps; bar += kBar) {
    EXPECT_TRUE(plays(drums, kKickNote, bar)) << bar;
    EXPECT_TRUE(plays(drums, kKickNote, bar + kBar / 2)) << bar;
    EXPECT_TRUE(plays(drums, kSnareNote, bar + 4)) << bar;
  }
}

TEST(Accompaniment, CrashAtTheStartAndEachSection) {
  const music::Track drums = track_named(accompany(kChords, kSteps, Accompaniment::kFull, {}, {0, 48}), "drums");
  std::vector<int64_t> crashes;
  for (const music::Note& n : drums.notes) {
    if (n.pitch == kCrashNote) crashes.push_back(n.start_step);
  }
  EXPECT_EQ(crashes, (std::vector<int64_t>{0, 48}));
}

TEST(Accompaniment, FillInTheLastBeatBeforeASection) {
  const music::Track drums = track_named(accompany(kChords, kSteps, Accompaniment::kFull, {}, {0, 48}), "drums");
  EXPECT_TRUE(plays(drums, kHighTomNote, 46));
  EXPECT_TRUE(plays(drums, kLowTomNote, 47));
  EXPECT_FALSE(plays(drums, kHighTomNote, 46 + kBar));
}

TEST(Accompaniment, NothingSoundsPastTheEnd) {
  for (const int64_t n_steps : {kSteps, int64_t{40}, int64_t{37}}) {
    for (const music::Track& track : accompany(kChords, n_steps, Accompaniment::kFull, {}, {0, 32})) {
      for (const music::Note& n : track.notes) {
        EXPECT_GE(n.start_step, 0);
        EXPECT_LT(n.start_step, n.end_step);
        EXPECT_LE(n.end_step, n_steps) << track.name;
      }
    }
  }
}

TEST(Accompaniment, NotesAreSortedByStartThenPitch) {
  for (const music::Track& track : accompany(kChords, kSteps, Accompaniment::kFull, {}, {0, 48})) {
    EXPECT_TRUE(std::is_sorted(track.notes.begin(), track.notes.end(), [](const music::Note& a, const music::Note& b) {
      return a.start_step != b.start_step ? a.start_step < b.start_step : a.pitch < b.pitch;
    })) << track.name;
  }
}

TEST(Accompaniment, ParsesItsNames) {
  for (const Accompaniment a : {Accompaniment::kNone, Accompaniment::kChords, Accompaniment::kFull}) {
    EXPECT_EQ(parse_accompaniment(accompaniment_name(a)), a);
  }
  EXPECT_EQ(parse_accompaniment("Full"), Accompaniment::kFull);
}

TEST(Accompaniment, UnknownNameThrows) {
  EXPECT_THROW(parse_accompaniment("band"), InputError);
  EXPECT_THROW(parse_accompaniment(""), InputError);
}

}  // namespace
}  // namespace vec2midi::compose
