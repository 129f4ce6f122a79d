#include "music/playable_notes.hpp"

#include <gtest/gtest.h>

namespace vec2midi::music {
namespace {

TEST(PlayableNotes, NotesThatDoNotOverlapComeBackUnchanged) {
  const std::vector<Note> melody = {{.pitch = 60, .start_step = 0, .end_step = 4},
                                    {.pitch = 60, .start_step = 4, .end_step = 8, .velocity = 30},
                                    {.pitch = 67, .start_step = 9, .end_step = 12}};
  EXPECT_EQ(playable_notes(melody), melody);
  const std::vector<Note> chord = {{.pitch = 48, .start_step = 0, .end_step = 16},
                                   {.pitch = 52, .start_step = 0, .end_step = 16},
                                   {.pitch = 55, .start_step = 0, .end_step = 8}};
  EXPECT_EQ(playable_notes(chord), chord);
}

TEST(PlayableNotes, SortsByStartThenPitch) {
  const std::vector<Note> notes = {{.pitch = 64, .start_step = 4, .end_step = 6},
                                   {.pitch = 62, .start_step = 4, .end_step = 6},
                                   {.pitch = 70, .start_step = 0, .end_step = 2}};
  const std::vector<Note> out = playable_notes(notes);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].pitch, 70);
  EXPECT_EQ(out[1].pitch, 62);
  EXPECT_EQ(out[2].pitch, 64);
}

TEST(PlayableNotes, AnEarlierNoteOfThePitchEndsWhereTheNextStarts) {
  const std::vector<Note> notes = {{.pitch = 60, .start_step = 0, .end_step = 16},
                                   {.pitch = 60, .start_step = 4, .end_step = 8},
                                   {.pitch = 64, .start_step = 2, .end_step = 12}};
  const std::vector<Note> out = playable_notes(notes);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], (Note{.pitch = 60, .start_step = 0, .end_step = 4}));
  EXPECT_EQ(out[1], (Note{.pitch = 64, .start_step = 2, .end_step = 12}));  // other pitches are untouched
  EXPECT_EQ(out[2], (Note{.pitch = 60, .start_step = 4, .end_step = 8}));
}

TEST(PlayableNotes, NotesOfAPitchStartingTogetherBecomeOne) {
  const std::vector<Note> notes = {{.pitch = 60, .start_step = 0, .end_step = 2, .velocity = 90},
                                   {.pitch = 60, .start_step = 0, .end_step = 6, .velocity = 40}};
  EXPECT_EQ(playable_notes(notes), (std::vector<Note>{{.pitch = 60, .start_step = 0, .end_step = 6, .velocity = 90}}));
}

TEST(PlayableNotes, EmptyIsEmpty) { EXPECT_TRUE(playable_notes({}).empty()); }

}  // namespace
}  // namespace vec2midi::music
