#include "compose/arrangement.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "music/constants.hpp"

namespace vec2midi::compose {
namespace {

using music::Melody;
using music::Note;

// A 2-bar phrase of quarter notes from `pitches` (a negative pitch is a rest).
Melody phrase(const std::vector<int>& pitches) {
  Melody m{.notes = {}, .n_steps = 2 * music::kStepsPerBar};
  for (size_t i = 0; i < pitches.size(); ++i) {
    if (pitches[i] >= 0) m.notes.push_back({.pitch = pitches[i], .start_step = int64_t(4 * i), .end_step = int64_t(4 * i + 4)});
  }
  return m;
}

const Melody kMotif = phrase({60, 62, 64, 65, 67, 65, 64, 62});     // C major, stepwise
const Melody kChromatic = phrase({61, 63, 66, 68, 70, 66, 63, 61});  // black keys
const Melody kSecondBarSilent = phrase({64, 67, 72, 67, -1, -1, -1, -1});

TEST(Arrangement, EveryMelodyNoteIsInTheKey) {
  const Arrangement a = arrange({kMotif, kChromatic, kSecondBarSilent, kChromatic}, {false, true, false, true}, {});
  EXPECT_EQ(a.key, music::detect_key(kMotif)) << "the motif's key";
  for (const Note& n : a.melody.notes) EXPECT_TRUE(music::in_key(n.pitch, a.key)) << n.pitch;
}

TEST(Arrangement, AChosenKeyIsKept) {
  const music::Key d_minor{2, music::Mode::kMinor};
  const Arrangement a = arrange({kMotif, kChromatic}, {false, true}, {.key = d_minor});
  EXPECT_EQ(a.key, d_minor);
  for (const Note& n : a.melody.notes) EXPECT_TRUE(music::in_key(n.pitch, d_minor)) << n.pitch;
}

TEST(Arrangement, PhrasesFollowOneAnother) {
  const Arrangement a = arrange({kMotif, kMotif, kMotif}, {false, false, true}, {});
  EXPECT_EQ(a.melody.n_steps, 3 * 2 * music::kStepsPerBar);
  EXPECT_EQ(a.phrase_starts, (std::vector<int64_t>{0, 32, 64}));
  for (size_t i = 1; i < a.melody.notes.size(); ++i) {
    EXPECT_GE(a.melody.notes[i].start_step, a.melody.notes[i - 1].end_step) << "monophonic, in time order";
  }
}

TEST(Arrangement, NoBarOfTheMelodyIsSilent) {
  const Arrangement a = arrange({kMotif, kSecondBarSilent}, {false, true}, {});
  EXPECT_EQ(a.n_filled_bars, 1);
  for (int64_t bar = 0; bar < a.melody.n_steps / music::kStepsPerBar; ++bar) {
    const int64_t start = bar * music::kStepsPerBar, end = start + music::kStepsPerBar;
    EXPECT_TRUE(std::any_of(a.melody.notes.begin(), a.melody.notes.end(),
                            [&](const Note& n) { return n.start_step < end && n.end_step > start; }))
        << "bar " << bar;
  }
}

TEST(Arrangement, ASilentBarTakesTheMotifsBar) {
  int64_t filled = 0;
  const Melody m = fill_silent_bars(kSecondBarSilent, kMotif, {}, &filled);
  EXPECT_EQ(filled, 1);
  std::vector<int> second_bar;
  for (const Note& n : m.notes) {
    if (n.start_step >= 16) second_bar.push_back(n.pitch);
  }
  EXPECT_EQ(second_bar, (std::vector<int>{67, 65, 64, 62}));
}

TEST(Arrangement, ASilentMotifGivesATonicNote) {
  const Melody silent = phrase({-1, -1, -1, -1, -1, -1, -1, -1});
  const Melody m = fill_silent_bars(silent, silent, {7, music::Mode::kMajor});
  ASSERT_EQ(m.notes.size(), 2u);
  EXPECT_EQ(music::pitch_class(m.notes[0].pitch), 7);
}

TEST(Arrangement, PhrasesMoveByOctavesIntoTheMotifsRegister) {
  Melody high = kMotif;
  for (Note& n : high.notes) n.pitch += 24;
  const Arrangement a = arrange({kMotif, high}, {false, true}, {});
  for (size_t i = 0; i < kMotif.notes.size() - 1; ++i) {  // the last note is the cadence
    EXPECT_EQ(a.melody.notes[kMotif.notes.size() + i].pitch, a.melody.notes[i].pitch);
  }
}

TEST(Arrangement, ThePieceEndsOnTheTonic) {
  const Arrangement a = arrange({kMotif, kChromatic}, {false, true}, {});
  EXPECT_EQ(music::pitch_class(a.melody.notes.back().pitch), a.key.tonic);
}

TEST(Arrangement, TracksAreTheMelodyThenTheBand) {
  const Arrangement none = arrange({kMotif}, {true}, {.melody_program = 73});
  ASSERT_EQ(none.tracks.size(), 1u);
  EXPECT_EQ(none.tracks[0].name, "melody");
  EXPECT_EQ(none.tracks[0].program, 73);
  EXPECT_EQ(none.tracks[0].notes, none.melody.notes);
  const Arrangement full = arrange({kMotif, kMotif}, {true, true}, {.accompaniment = Accompaniment::kFull});
  std::vector<std::string> names;
  for (const auto& t : full.tracks) names.push_back(t.name);
  EXPECT_EQ(names, (std::vector<std::string>{"melody", "chords", "bass", "drums"}));
}

TEST(Arrangement, TheChordsCoverThePiece) {
  const Arrangement a = arrange({kMotif, kChromatic}, {false, true}, {});
  ASSERT_FALSE(a.chords.empty());
  EXPECT_EQ(a.chords.front().start_step, 0);
  EXPECT_EQ(a.chords.back().end_step, a.melody.n_steps);
}

TEST(Arrangement, TheSamePhrasesGiveTheSamePiece) {
  const auto a = arrange({kMotif, kChromatic}, {false, true}, {.accompaniment = Accompaniment::kFull});
  const auto b = arrange({kMotif, kChromatic}, {false, true}, {.accompaniment = Accompaniment::kFull});
  EXPECT_EQ(a.tracks, b.tracks);
  EXPECT_EQ(a.chords, b.chords);
}

TEST(Arrangement, BadInputThrows) {
  EXPECT_THROW(arrange({}, {}, {}), InputError);
  EXPECT_THROW(arrange({kMotif}, {true, false}, {}), InputError);
}

}  // namespace
}  // namespace vec2midi::compose
