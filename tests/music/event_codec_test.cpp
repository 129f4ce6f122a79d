#include "music/event_codec.hpp"

#include <gtest/gtest.h>

#include <random>

#include "io/error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::music {
namespace {

using testing::shared_json;

/// A random monophonic melody: notes with gaps (or none) between them, all inside n_steps.
Melody random_melody(std::mt19937_64& rng, int64_t n_steps) {
  Melody m;
  m.n_steps = n_steps;
  std::uniform_int_distribution<int> pitch(kMinPitch, kMaxPitch);
  std::uniform_int_distribution<int64_t> gap(0, 4), length(1, 8);
  int64_t step = gap(rng);
  while (step < n_steps) {
    const int64_t end = std::min(n_steps, step + length(rng));
    m.notes.push_back(Note{.pitch = pitch(rng), .start_step = step, .end_step = end});
    step = end + gap(rng);
  }
  return m;
}

TEST(EventCodec, EventNumbersFollowMusicVae) {
  // MISSION.md §3: 0 = NO_EVENT, 1 = NOTE_OFF, event = pitch - 19 for pitches 21..108.
  const Melody m{.notes = {{.pitch = 21, .start_step = 0, .end_step = 2}, {.pitch = 108, .start_step = 3, .end_step = 4}},
                 .n_steps = 6};
  const std::vector<uint8_t> expected = {2, 0, 1, 89, 1, 0};
  EXPECT_EQ(melody_to_events(m, 6), expected);
}

TEST(EventCodec, NoteReachingTheEndHasNoNoteOff) {
  const Melody m{.notes = {{.pitch = 60, .start_step = 2, .end_step = 4}}, .n_steps = 4};
  const std::vector<uint8_t> expected = {0, 0, 60 - 19, 0};
  EXPECT_EQ(melody_to_events(m, 4), expected);
}

TEST(EventCodec, AdjacentNotesNeedNoNoteOff) {
  const Melody m{.notes = {{.pitch = 60, .start_step = 0, .end_step = 2}, {.pitch = 60, .start_step = 2, .end_step = 3}},
                 .n_steps = 4};
  const std::vector<uint8_t> expected = {41, 0, 41, 1};
  EXPECT_EQ(melody_to_events(m, 4), expected);
}

TEST(EventCodec, LeadingNoteOffIsARest) {
  const std::vector<uint8_t> events = {1, 0, 50, 0};
  const Melody m = events_to_melody(events);
  ASSERT_EQ(m.notes.size(), 1u);
  EXPECT_EQ(m.notes[0], (Note{.pitch = event_pitch(50), .start_step = 2, .end_step = 4}));
}

TEST(EventCodec, RandomMelodiesRoundTrip) {
  std::mt19937_64 rng(20240611);
  for (int i = 0; i < 2000; ++i) {
    const int64_t n_steps = (i % 3 == 0) ? kWindowSteps : 1 + static_cast<int64_t>(rng() % 64);
    const Melody m = random_melody(rng, n_steps);
    const std::vector<uint8_t> events = melody_to_events(m, n_steps);
    ASSERT_EQ(static_cast<int64_t>(events.size()), n_steps);
    ASSERT_EQ(events_to_melody(events), m) << "melody " << i;
  }
}

TEST(EventCodec, RandomEventSequencesRoundTrip) {
  // Decoding then encoding reproduces any sequence, except NOTE_OFFs that end nothing (they become holds).
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> event(0, kNumMelodyEvents - 1);
  for (int i = 0; i < 2000; ++i) {
    std::vector<uint8_t> events(kWindowSteps);
    for (auto& e : events) e = static_cast<uint8_t>(rng() % 3 == 0 ? event(rng) : rng() % 2);
    std::vector<uint8_t> canonical = events;
    bool sounding = false;
    for (auto& e : canonical) {
      if (e == kNoteOff && !sounding) e = kNoEvent;
      if (e == kNoteOff) sounding = false;
      if (e >= kNumSpecialEvents) sounding = true;
    }
    ASSERT_EQ(melody_to_events(events_to_melody(events), kWindowSteps), canonical) << "sequence " << i;
  }
}

TEST(EventCodec, MagentaGoldenMelodiesRoundTrip) {
  const auto golden = shared_json("golden/magenta_mel_2bar_small_argmax.json");
  const int64_t n_steps = golden.at("steps").get<int64_t>();
  ASSERT_EQ(golden.at("items").size(), 64u);
  for (const auto& item : golden.at("items")) {
    Melody m{.n_steps = n_steps};
    for (const auto& n : item.at("notes")) {
      m.notes.push_back(Note{.pitch = n.at("pitch").get<int>(), .start_step = n.at("start").get<int64_t>(),
                             .end_step = n.at("end").get<int64_t>()});
    }
    const std::vector<uint8_t> events = melody_to_events(m, n_steps);
    EXPECT_EQ(events_to_melody(events), m);
  }
}

TEST(EventCodec, PitchOutsideRangeIsRejected) {
  const Melody m{.notes = {{.pitch = kMaxPitch + 1, .start_step = 0, .end_step = 1}}, .n_steps = 4};
  EXPECT_THROW(melody_to_events(m, 4), InputError);
}

TEST(EventCodec, OverlappingNotesAreRejected) {
  const Melody m{.notes = {{.pitch = 60, .start_step = 0, .end_step = 3}, {.pitch = 62, .start_step = 2, .end_step = 4}},
                 .n_steps = 4};
  EXPECT_THROW(melody_to_events(m, 4), InputError);
}

TEST(EventCodec, EventOutOfVocabularyIsRejected) {
  const std::vector<uint8_t> events = {0, static_cast<uint8_t>(kNumMelodyEvents)};
  EXPECT_THROW(events_to_melody(events), InputError);
}

}  // namespace
}  // namespace vec2midi::music
