#include "music/melody_extraction.hpp"

#include <gtest/gtest.h>

#include <initializer_list>

namespace vec2midi::music {
namespace {

/// A note in quarter notes: {pitch, start, end}.
struct Q {
  int pitch;
  double start;
  double end;
};

MidiTrack make_track(std::initializer_list<Q> notes, int channel = 0, int program = 0, std::string name = "") {
  MidiTrack t;
  t.name = std::move(name);
  for (const Q& q : notes) {
    t.notes.push_back(MidiNote{.pitch = q.pitch, .velocity = 100, .channel = channel, .program = program,
                               .start_quarter = q.start, .end_quarter = q.end});
  }
  return t;
}

MidiFile make_file(std::vector<MidiTrack> tracks, std::vector<MidiTimeSignature> signatures = {}) {
  MidiFile f;
  for (size_t i = 0; i < tracks.size(); ++i) tracks[i].index = static_cast<int>(i);
  f.tracks = std::move(tracks);
  f.time_signatures = std::move(signatures);
  for (const MidiTrack& t : f.tracks) {
    for (const MidiNote& n : t.notes) f.length_quarters = std::max(f.length_quarters, n.end_quarter);
  }
  return f;
}

/// n bars of quarter notes climbing from `pitch` (distinct bars, so no window is a duplicate).
MidiTrack climbing_bars(int n_bars, int pitch = 48, double offset = 0.0) {
  MidiTrack t;
  for (int q = 0; q < 4 * n_bars; ++q) {
    t.notes.push_back(MidiNote{.pitch = pitch + q % 60, .start_quarter = offset + q, .end_quarter = offset + q + 1});
  }
  return t;
}

std::vector<uint8_t> window_of(std::initializer_list<std::pair<int, uint8_t>> events) {
  std::vector<uint8_t> w(kWindowSteps, kNoEvent);
  for (const auto& [step, e] : events) w[static_cast<size_t>(step)] = e;
  return w;
}

constexpr uint8_t on(int pitch) { return static_cast<uint8_t>(pitch - 19); }  // MISSION.md §3

TEST(MelodyExtraction, QuantizeRoundsHalfAStepUp) {
  EXPECT_EQ(quantize_quarters(0.0), 0);
  EXPECT_EQ(quantize_quarters(0.124), 0);
  EXPECT_EQ(quantize_quarters(0.125), 1);  // exactly half a 16th
  EXPECT_EQ(quantize_quarters(0.374), 1);
  EXPECT_EQ(quantize_quarters(0.375), 2);
  EXPECT_EQ(quantize_quarters(1.0), 4);
}

TEST(MelodyExtraction, TwoBarMelodyGivesOneWindow) {
  const MidiFile f = make_file({make_track({{60, 0, 1}, {62, 1, 2}, {64, 4, 8}})});
  const FileWindows w = extract_windows(f, {});
  ASSERT_EQ(w.windows.size(), 1u);
  EXPECT_EQ(w.windows[0].events, window_of({{0, on(60)}, {4, on(62)}, {8, kNoteOff}, {16, on(64)}}));
  EXPECT_EQ(w.windows[0].start_bar, 0);
}

TEST(MelodyExtraction, SimultaneousOnsetsKeepTheHighestNote) {
  const MidiFile f = make_file({make_track({{60, 0, 2}, {67, 0, 1}, {64, 0, 2}, {55, 4, 8}})});
  const FileWindows w = extract_windows(f, {});
  ASSERT_EQ(w.windows.size(), 1u);
  EXPECT_EQ(w.windows[0].events, window_of({{0, on(67)}, {4, kNoteOff}, {16, on(55)}}));
}

TEST(MelodyExtraction, NewOnsetEndsTheSoundingNote) {
  const MidiFile f = make_file({make_track({{60, 0, 6}, {62, 1, 2}, {64, 4, 8}})});
  const FileWindows w = extract_windows(f, {});
  ASSERT_EQ(w.windows.size(), 1u);
  // 60 is cut at 62's onset; 62 ends at its own end; 64 starts a bar later.
  EXPECT_EQ(w.windows[0].events, window_of({{0, on(60)}, {4, on(62)}, {8, kNoteOff}, {16, on(64)}}));
}

TEST(MelodyExtraction, RestOfABarSplitsTheMelody) {
  // Two-bar phrases separated by exactly one bar of rest: two melodies of two bars each.
  MidiTrack t = make_track({{60, 0, 1}, {62, 4, 8}, {64, 12, 13}, {65, 16, 20}});
  const FileWindows w = extract_windows(make_file({t}), {});
  EXPECT_EQ(w.n_melodies, 2);
  ASSERT_EQ(w.windows.size(), 2u);
  EXPECT_EQ(w.windows[0].start_bar, 0);
  EXPECT_EQ(w.windows[1].start_bar, 3);
}

TEST(MelodyExtraction, RestShorterThanABarDoesNotSplit) {
  // 15 steps of rest (3.75 quarters) between the phrases: one melody of four bars, three windows.
  MidiTrack t = make_track({{60, 0, 1}, {62, 4, 8.25}, {64, 12, 13}, {65, 13, 16}});
  const FileWindows w = extract_windows(make_file({t}), {});
  EXPECT_EQ(w.n_melodies, 1);
  EXPECT_EQ(w.windows.size(), 3u);
}

TEST(MelodyExtraction, OneBarMelodiesAreDropped) {
  const FileWindows w = extract_windows(make_file({make_track({{60, 0, 1}, {62, 1, 4}})}), {});
  EXPECT_TRUE(w.windows.empty());
  EXPECT_EQ(w.n_melodies, 0);
  EXPECT_EQ(w.rejection, Rejection::kNoMelody);
}

TEST(MelodyExtraction, WindowsHopOneBarFromTheBarOfTheFirstNote) {
  // Pickup: the first note is in bar 1 (quarter 6.5), the last ends in bar 5: melody bars 1..5.
  MidiTrack t = climbing_bars(4, 48, 6.5);
  const FileWindows w = extract_windows(make_file({t}), {});
  ASSERT_EQ(w.windows.size(), 4u);
  for (size_t i = 0; i < w.windows.size(); ++i) EXPECT_EQ(w.windows[i].start_bar, 1 + static_cast<int64_t>(i));
  EXPECT_EQ(w.windows[0].events[10], on(48));  // quarter 6.5 is step 2 + 8 of bar 1
}

TEST(MelodyExtraction, NoteHeldIntoAWindowIsARestThere) {
  // A note from bar 0 held into bar 1: the window starting at bar 1 begins with silence.
  MidiTrack t = make_track({{60, 0, 6}, {62, 8, 9}, {64, 12, 13}});
  const FileWindows w = extract_windows(make_file({t}), {});
  ASSERT_EQ(w.windows.size(), 3u);  // four bars
  EXPECT_EQ(w.windows[1].events, window_of({{16, on(62)}, {20, kNoteOff}}));
  EXPECT_EQ(w.windows[1].events[0], kNoEvent);
}

TEST(MelodyExtraction, DuplicateWindowsAreDroppedPerFile) {
  MidiTrack t = make_track({{60, 0, 1}, {62, 1, 2}, {64, 2, 3}, {65, 3, 4}});
  for (int bar = 1; bar < 4; ++bar) {
    for (int q = 0; q < 4; ++q) t.notes.push_back(MidiNote{.pitch = t.notes[q].pitch, .start_quarter = 4.0 * bar + q,
                                                           .end_quarter = 4.0 * bar + q + 1});
  }
  const FileWindows w = extract_windows(make_file({t}), {});
  EXPECT_EQ(w.windows.size(), 1u);
  EXPECT_EQ(w.n_duplicates, 2);
  const FileWindows all = extract_windows(make_file({t}), {.dedupe = false});
  EXPECT_EQ(all.windows.size(), 3u);
}

TEST(MelodyExtraction, ThreeFourIsRejectedAndTwoTwoKept) {
  const MidiTrack t = climbing_bars(4);
  const FileWindows three = extract_windows(make_file({t}, {{.numerator = 3, .denominator = 4}}), {});
  EXPECT_TRUE(three.windows.empty());
  EXPECT_EQ(three.rejection, Rejection::kNotFourFour);
  const FileWindows two_four = extract_windows(make_file({t}, {{.numerator = 2, .denominator = 4}}), {});
  EXPECT_EQ(two_four.rejection, Rejection::kNotFourFour);
  const FileWindows cut = extract_windows(make_file({t}, {{.numerator = 2, .denominator = 2}}), {});
  EXPECT_EQ(cut.windows.size(), 3u);
  const FileWindows four = extract_windows(make_file({t}, {{.numerator = 4, .denominator = 4}}), {});
  EXPECT_EQ(four.windows.size(), 3u);
}

TEST(MelodyExtraction, OnlyFourFourSectionsAreUsedAndBarsCountFromTheFileStart) {
  // Two bars of 3/4 (6 quarters), then 4/4 from quarter 6 for four bars.
  MidiTrack t = climbing_bars(4, 50, 6.0);
  for (int q = 0; q < 6; ++q) t.notes.push_back(MidiNote{.pitch = 70, .start_quarter = 1.0 * q, .end_quarter = q + 1.0});
  const MidiFile f = make_file({t}, {{.quarter = 0.0, .numerator = 3, .denominator = 4},
                                     {.quarter = 6.0, .numerator = 4, .denominator = 4}});
  const FileWindows w = extract_windows(f, {});
  ASSERT_EQ(w.windows.size(), 3u);
  EXPECT_EQ(w.windows[0].start_bar, 2);
  EXPECT_EQ(w.windows[0].events[0], on(50));  // the 4/4 bar line is at quarter 6
}

TEST(MelodyExtraction, AssumeFourFourIgnoresTimeSignatures) {
  const MidiFile f = make_file({climbing_bars(4)}, {{.numerator = 1, .denominator = 4}});
  EXPECT_TRUE(extract_windows(f, {}).windows.empty());
  EXPECT_EQ(extract_windows(f, {.assume_four_four = true}).windows.size(), 3u);
}

TEST(MelodyExtraction, NotesOutsidePianoRangeAreDroppedFirst) {
  // 110 is above kMaxPitch: it is removed before the highest-note rule, so 60 survives at step 0.
  const MidiFile f = make_file({make_track({{110, 0, 1}, {60, 0, 1}, {20, 2, 3}, {62, 4, 5}})});
  const FileWindows w = extract_windows(f, {});
  ASSERT_EQ(w.windows.size(), 1u);
  EXPECT_EQ(w.windows[0].events, window_of({{0, on(60)}, {4, kNoteOff}, {16, on(62)}, {20, kNoteOff}}));
}

TEST(MelodyExtraction, DrumsAreSkipped) {
  MidiTrack drums = climbing_bars(4);
  for (MidiNote& n : drums.notes) n.channel = kDrumChannel;
  const FileWindows w = extract_windows(make_file({drums}), {});
  EXPECT_TRUE(w.windows.empty());
  EXPECT_EQ(w.rejection, Rejection::kNoMelody);
}

TEST(MelodyExtraction, ProgramsOutsideMelodyProgramsAreSkipped) {
  MidiTrack strings = climbing_bars(4);
  for (MidiNote& n : strings.notes) n.program = 48;  // string ensemble, not in Magenta's MEL_PROGRAMS 0..31
  EXPECT_TRUE(extract_windows(make_file({strings}), {}).windows.empty());
}

TEST(MelodyExtraction, EachInstrumentGivesItsOwnMelody) {
  MidiTrack a = climbing_bars(2, 60), b = climbing_bars(2, 40);
  a.name = "MELODY";
  b.name = "PIANO";
  const MidiFile f = make_file({a, b});
  EXPECT_EQ(extract_windows(f, {}).windows.size(), 2u);
  const FileWindows only = extract_windows(f, {.track_name = "MELODY"});
  ASSERT_EQ(only.windows.size(), 1u);
  EXPECT_EQ(only.windows[0].events[0], on(60));
  EXPECT_EQ(extract_windows(f, {.track_name = "VOCALS"}).rejection, Rejection::kTrackMissing);
}

TEST(MelodyExtraction, ChannelsOfOneTrackAreSeparateInstruments) {
  MidiTrack t = climbing_bars(2, 60);
  MidiTrack low = climbing_bars(2, 40);
  for (MidiNote& n : low.notes) n.channel = 1;
  t.notes.insert(t.notes.end(), low.notes.begin(), low.notes.end());
  EXPECT_EQ(extract_windows(make_file({t}), {}).windows.size(), 2u);
}

TEST(MelodyExtraction, LongMelodiesAreCutAtMaxBars) {
  // 110 bars without a rest: cut to 100 bars, 99 windows (all distinct: the pitch climbs).
  const FileWindows w = extract_windows(make_file({climbing_bars(110, 30)}), {});
  EXPECT_EQ(w.n_melodies, 1);
  EXPECT_EQ(w.windows.size() + static_cast<size_t>(w.n_duplicates), 99u);
}

TEST(MelodyExtraction, ExtractMelodiesPadsToWholeBars) {
  std::vector<int64_t> starts;
  const std::vector<Melody> m = extract_melodies({{.pitch = 60, .start_step = 20, .end_step = 37}}, {}, &starts);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(starts, std::vector<int64_t>{16});
  EXPECT_EQ(m[0].n_steps, 32);  // steps 4..21 of the melody, padded to two bars
  EXPECT_EQ(m[0].notes[0].start_step, 4);
  EXPECT_EQ(m[0].notes[0].end_step, 21);
}

TEST(MelodyExtraction, SliceWindowsCutsNotesAtTheWindowEnd) {
  const Melody m{.notes = {{.pitch = 60, .start_step = 0, .end_step = 40}}, .n_steps = 48};
  std::vector<int64_t> bars;
  const auto windows = slice_windows(m, {}, &bars);
  ASSERT_EQ(windows.size(), 2u);
  EXPECT_EQ(bars, (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(windows[0], window_of({{0, on(60)}}));
  EXPECT_EQ(windows[1], window_of({}));  // the note began before this window
}

TEST(MelodyExtraction, RejectionNames) {
  EXPECT_EQ(rejection_name(Rejection::kNotFourFour), "not_4_4");
  EXPECT_EQ(rejection_name(Rejection::kNoMelody), "no_melody");
  EXPECT_EQ(rejection_name(Rejection::kUnreadable), "unreadable");
  EXPECT_EQ(rejection_name(Rejection::kTrackMissing), "track_missing");
}

}  // namespace
}  // namespace vec2midi::music
