#include "compose/phrase_ending.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <vector>

#include "compose/harmony.hpp"
#include "music/constants.hpp"

namespace vec2midi::compose {
namespace {

using music::Key;
using music::Melody;
using music::Mode;

// A 2-bar phrase of the given (pitch, start, end) notes.
Melody phrase_of(const std::vector<std::array<int, 3>>& notes) {
  Melody m{.notes = {}, .n_steps = music::kWindowSteps};
  for (const auto& [pitch, start, end] : notes) m.notes.push_back({.pitch = pitch, .start_step = start, .end_step = end});
  return m;
}

const std::vector<Key> kKeys = {Key{0, Mode::kMajor}, Key{9, Mode::kMinor}, Key{6, Mode::kMajor}, Key{3, Mode::kMinor}};

TEST(PhraseEnding, FinalPhraseEndsOnTheNearestTonic) {
  for (const Key& key : kKeys) {
    for (int last = 55; last < 67; ++last) {
      const Melody ended = end_on_stable_note(phrase_of({{64, 0, 8}, {last, 8, 16}}), key, true);
      EXPECT_EQ(music::pitch_class(ended.notes.back().pitch), key.tonic) << music::key_name(key) << " " << last;
      EXPECT_LE(std::abs(ended.notes.back().pitch - last), 6);
    }
  }
}

TEST(PhraseEnding, OtherPhrasesEndInTheTonicOrDominantTriad) {
  for (const Key& key : kKeys) {
    const auto triads = diatonic_triads(key);
    const auto tonic = chord_pitch_classes(triads[0]), dominant = chord_pitch_classes(triads[4]);
    for (int last = 55; last < 67; ++last) {
      const int pc = music::pitch_class(end_on_stable_note(phrase_of({{last, 0, 16}}), key, false).notes.back().pitch);
      const bool stable = std::find(tonic.begin(), tonic.end(), pc) != tonic.end() ||
                          std::find(dominant.begin(), dominant.end(), pc) != dominant.end();
      EXPECT_TRUE(stable) << music::key_name(key) << " " << last;
    }
  }
}

TEST(PhraseEnding, StableLastNoteStays) {
  const Melody phrase = phrase_of({{60, 0, 8}, {67, 8, 16}});
  EXPECT_EQ(end_on_stable_note(phrase, Key{}, false), phrase);
}

TEST(PhraseEnding, OnlyTheLastNoteChanges) {
  const Melody phrase = phrase_of({{61, 0, 3}, {63, 3, 7}, {66, 7, 10}, {70, 21, 23}});
  const Melody ended = end_on_stable_note(phrase, Key{}, true);
  ASSERT_EQ(ended.notes.size(), phrase.notes.size());
  for (size_t i = 0; i + 1 < phrase.notes.size(); ++i) EXPECT_EQ(ended.notes[i], phrase.notes[i]);
  EXPECT_EQ(ended.notes.back().start_step, 21);
}

TEST(PhraseEnding, ShortLastNoteIsHeldToTheNextBeat) {
  const Melody ended = end_on_stable_note(phrase_of({{60, 0, 4}, {62, 17, 18}}), Key{}, true);
  EXPECT_EQ(ended.notes.back().end_step, 20);
}

TEST(PhraseEnding, NoteEndingOnABeatKeepsItsLength) {
  const Melody ended = end_on_stable_note(phrase_of({{60, 0, 4}, {64, 8, 12}}), Key{}, true);
  EXPECT_EQ(ended.notes.back().end_step, 12);
}

TEST(PhraseEnding, NeverHeldPastThePhrase) {
  Melody phrase = phrase_of({{60, 0, 4}, {62, 28, 30}});
  phrase.n_steps = 30;
  EXPECT_EQ(end_on_stable_note(phrase, Key{}, true).notes.back().end_step, 30);
}

TEST(PhraseEnding, PhraseWithoutNotesIsUnchanged) {
  const Melody empty{.notes = {}, .n_steps = 32};
  EXPECT_EQ(end_on_stable_note(empty, Key{}, true), empty);
}

}  // namespace
}  // namespace vec2midi::compose
