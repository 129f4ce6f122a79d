#include "compose/phrase_shaping.hpp"

#include <gtest/gtest.h>

#include "music/constants.hpp"
#include "music/key.hpp"

namespace vec2midi::compose {
namespace {

using music::Melody;
using music::Note;

Melody melody(const std::vector<Note>& notes, int64_t n_steps = 32) { return {.notes = notes, .n_steps = n_steps}; }

TEST(PhraseShaping, ARunOfRepeatedSixteenthsBecomesOneHeldNote) {
  const Melody m = melody({{60, 0, 4}, {72, 4, 5}, {72, 5, 6}, {72, 6, 7}, {72, 7, 8}, {67, 8, 12}});
  const Melody tied = tie_repeated_notes(m);
  EXPECT_EQ(tied.notes, (std::vector<Note>{{60, 0, 4}, {72, 4, 8}, {67, 8, 12}}));
  EXPECT_EQ(tied.n_steps, 32);
}

TEST(PhraseShaping, ShortRunsLongNotesAndGapsStay) {
  const Melody two = melody({{72, 0, 1}, {72, 1, 2}, {60, 2, 4}});              // a run of two
  const Melody quarters = melody({{72, 0, 4}, {72, 4, 8}, {72, 8, 12}});        // repeated quarters are rhythm
  const Melody gapped = melody({{72, 0, 1}, {72, 2, 3}, {72, 4, 5}});           // rests between them
  const Melody changing = melody({{72, 0, 1}, {74, 1, 2}, {72, 2, 3}});         // not one pitch
  for (const Melody& m : {two, quarters, gapped, changing}) EXPECT_EQ(tie_repeated_notes(m), m);
}

TEST(PhraseShaping, ALeapFarFromTheMiddleFoldsBackByOctaves) {
  const Melody m = melody({{72, 0, 4}, {74, 4, 8}, {40, 8, 12}, {76, 12, 16}, {98, 16, 20}});
  const Melody folded = fold_register_outliers(m);
  EXPECT_EQ(folded.notes[2].pitch, 64);  // E2 → E4, within an octave of the median 74
  EXPECT_EQ(folded.notes[4].pitch, 86);  // D7 → D6
  for (size_t i = 0; i < m.notes.size(); ++i) {
    EXPECT_EQ(music::pitch_class(folded.notes[i].pitch), music::pitch_class(m.notes[i].pitch));
    EXPECT_EQ(folded.notes[i].start_step, m.notes[i].start_step);
  }
}

TEST(PhraseShaping, NotesWithinAnOctaveOfTheMiddleStay) {
  const Melody m = melody({{60, 0, 4}, {72, 4, 8}, {67, 8, 12}});
  EXPECT_EQ(fold_register_outliers(m), m);
}

TEST(PhraseShaping, AHighMelodyMovesDownIntoTheRegister) {
  const Melody high = melody({{86, 0, 4}, {88, 4, 8}});  // mean 87: one octave down is 75, inside 64..76
  EXPECT_EQ(centre_octaves(high), -1);
  EXPECT_EQ(centre_octaves(melody({{88, 0, 4}, {91, 4, 8}})), -2);  // 77.5 after one octave is still too high
  EXPECT_EQ(centre_octaves(melody({{40, 0, 4}})), 2);
  EXPECT_EQ(centre_octaves(melody({{70, 0, 4}})), 0);
  EXPECT_EQ(centre_octaves(melody({})), 0);
  const Melody moved = shift_octaves(high, -1);
  EXPECT_EQ(moved.notes[0].pitch, 74);
  EXPECT_EQ(moved.notes[1].pitch, 76);
}

TEST(PhraseShaping, ShiftingNeverLeavesThePianoRange) {
  const Melody m = melody({{music::kMaxPitch - 2, 0, 4}, {music::kMinPitch + 1, 4, 8}});
  for (int octaves : {-3, 3}) {
    for (const Note& n : shift_octaves(m, octaves).notes) {
      EXPECT_GE(n.pitch, music::kMinPitch);
      EXPECT_LE(n.pitch, music::kMaxPitch);
    }
  }
}

}  // namespace
}  // namespace vec2midi::compose
