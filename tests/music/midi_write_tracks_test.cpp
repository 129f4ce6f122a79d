// write_tracks_midi (declared in midi_io.hpp, written in midi_write.cpp): type-1 files read back by read_midi.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "io/error.hpp"
#include "music/midi_io.hpp"
#include "support/input_error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::music {
namespace {

using testing::temp_dir;
using vec2midi::testing::input_error_of;

/// A melody (channel 0, flute), overlapping chord triads (channel 1, electric piano) and drums (channel 10).
std::vector<Track> three_tracks() {
  Track melody{.name = "melody", .program = 73, .channel = 0,
               .notes = {{.pitch = 72, .start_step = 0, .end_step = 4, .velocity = 90},
                         {.pitch = 74, .start_step = 4, .end_step = 8},
                         {.pitch = 75, .start_step = 8, .end_step = 32, .velocity = 60}}};
  Track chords{.name = "chords", .program = 4, .channel = 1,
               .notes = {{.pitch = 48, .start_step = 0, .end_step = 16, .velocity = 70},
                         {.pitch = 51, .start_step = 0, .end_step = 16, .velocity = 70},
                         {.pitch = 55, .start_step = 0, .end_step = 16, .velocity = 70},
                         {.pitch = 50, .start_step = 16, .end_step = 32, .velocity = 70},
                         {.pitch = 53, .start_step = 16, .end_step = 32, .velocity = 70},
                         {.pitch = 56, .start_step = 16, .end_step = 32, .velocity = 70}}};
  Track drums{.name = "drums", .program = 0, .channel = kDrumChannel,
              .notes = {{.pitch = 36, .start_step = 0, .end_step = 1},
                        {.pitch = 42, .start_step = 0, .end_step = 1, .velocity = 50},
                        {.pitch = 38, .start_step = 4, .end_step = 5},
                        {.pitch = 36, .start_step = 8, .end_step = 9}}};
  return {melody, chords, drums};
}

TEST(MidiWriteTracks, ReadBackGivesEveryTrack) {
  const auto dir = temp_dir("midi_tracks");
  const std::vector<Track> tracks = three_tracks();
  write_tracks_midi(tracks, 32, dir / "piece.mid",
                    {.qpm = 100, .key_signature = true, .key_sharps = -3, .key_minor = true});
  const MidiFile f = read_midi(dir / "piece.mid");
  EXPECT_EQ(f.format, 1);
  EXPECT_EQ(f.ticks_per_quarter, 480);
  ASSERT_EQ(f.tempos.size(), 1u);
  EXPECT_NEAR(f.tempos[0].qpm, 100.0, 1e-9);
  ASSERT_EQ(f.time_signatures.size(), 1u);
  EXPECT_EQ(f.time_signatures[0].numerator, 4);
  EXPECT_EQ(f.time_signatures[0].denominator, 4);
  ASSERT_EQ(f.key_signatures.size(), 1u);
  EXPECT_EQ(f.key_signatures[0].sharps, -3);
  EXPECT_TRUE(f.key_signatures[0].minor);
  EXPECT_EQ(f.length_ticks, 32 * 120);
  ASSERT_EQ(f.tracks.size(), 4u);  // the conductor, then one per Track
  EXPECT_TRUE(f.tracks[0].notes.empty());
  for (size_t i = 0; i < tracks.size(); ++i) {
    const MidiTrack& back = f.tracks[i + 1];
    SCOPED_TRACE(tracks[i].name);
    EXPECT_EQ(back.name, tracks[i].name);
    EXPECT_EQ(back.channels, std::vector<int>{tracks[i].channel});
    EXPECT_EQ(back.programs, std::vector<int>{tracks[i].is_drum() ? 0 : tracks[i].program});
    EXPECT_EQ(back.is_drum, tracks[i].is_drum());
    std::vector<Note> sorted = tracks[i].notes;  // the reader sorts by start tick, then pitch
    std::stable_sort(sorted.begin(), sorted.end(), [](const Note& a, const Note& b) {
      return a.start_step != b.start_step ? a.start_step < b.start_step : a.pitch < b.pitch;
    });
    ASSERT_EQ(back.notes.size(), sorted.size());
    for (size_t k = 0; k < sorted.size(); ++k) {
      EXPECT_EQ(back.notes[k].pitch, sorted[k].pitch);
      EXPECT_EQ(back.notes[k].velocity, sorted[k].velocity);
      EXPECT_EQ(back.notes[k].start_tick, sorted[k].start_step * 120);
      EXPECT_EQ(back.notes[k].end_tick, sorted[k].end_step * 120);
    }
  }
}

TEST(MidiWriteTracks, EndsAnEarlierNoteOfThePitchWhenTheNextStarts) {
  const auto dir = temp_dir("midi_tracks_overlap");
  const Track pad{.name = "pad", .program = 89, .channel = 2,
                  .notes = {{.pitch = 60, .start_step = 0, .end_step = 16},
                            {.pitch = 60, .start_step = 8, .end_step = 12},
                            {.pitch = 64, .start_step = 4, .end_step = 6},
                            {.pitch = 64, .start_step = 4, .end_step = 10}}};
  write_tracks_midi({pad}, 16, dir / "pad.mid");
  const MidiFile f = read_midi(dir / "pad.mid");
  const std::vector<MidiNote>& notes = f.tracks.at(1).notes;
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_EQ(notes[0].pitch, 60);
  EXPECT_EQ(notes[0].end_tick, 8 * 120);   // cut where the second 60 starts
  EXPECT_EQ(notes[1].pitch, 64);           // the two 64s that start together are one note, the longer
  EXPECT_EQ(notes[1].end_tick, 10 * 120);
  EXPECT_EQ(notes[2].start_tick, 8 * 120);
  EXPECT_EQ(notes[2].end_tick, 12 * 120);
}

TEST(MidiWriteTracks, WithoutNotesOrTracks) {
  const auto dir = temp_dir("midi_tracks_empty");
  write_tracks_midi({}, 16, dir / "none.mid");
  const MidiFile none = read_midi(dir / "none.mid");
  EXPECT_EQ(none.format, 1);
  ASSERT_EQ(none.tracks.size(), 1u);
  EXPECT_EQ(none.length_ticks, 16 * 120);
  EXPECT_TRUE(none.key_signatures.empty());
  write_tracks_midi({Track{.name = "bass", .program = 33, .channel = 3}}, 16, dir / "silent.mid");
  const MidiFile silent = read_midi(dir / "silent.mid");
  ASSERT_EQ(silent.tracks.size(), 2u);
  EXPECT_EQ(silent.tracks[1].name, "bass");
  EXPECT_TRUE(silent.tracks[1].notes.empty());
  EXPECT_EQ(silent.length_ticks, 16 * 120);
}

TEST(MidiWriteTracks, CutsLongNamesAtACharacterBoundary) {
  const auto dir = temp_dir("midi_tracks_name");
  std::string name(126, 'x');
  name += "\xC3\xA9tude";  // an é across the 127-byte limit
  write_tracks_midi({Track{.name = name, .notes = {{.pitch = 60, .start_step = 0, .end_step = 4}}}}, 16, dir / "n.mid");
  EXPECT_EQ(read_midi(dir / "n.mid").tracks.at(1).name, std::string(126, 'x'));
}

TEST(MidiWriteTracks, RejectsBadInputAndLeavesNoFile) {
  const auto dir = temp_dir("midi_tracks_bad");
  const std::vector<Track> good = three_tracks();
  const auto with = [&](auto change) {
    std::vector<Track> tracks = good;
    change(tracks);
    return tracks;
  };
  EXPECT_THROW(write_tracks_midi(good, 32, dir / "a.mid", {.qpm = 0.5}), InputError);
  EXPECT_THROW(write_tracks_midi(good, 32, dir / "b.mid", {.qpm = 1001}), InputError);
  EXPECT_THROW(write_tracks_midi(good, 32, dir / "c.mid", {.ticks_per_quarter = 6}), InputError);
  EXPECT_THROW(write_tracks_midi(good, 32, dir / "d.mid", {.key_signature = true, .key_sharps = 8}), InputError);
  EXPECT_THROW(write_tracks_midi(good, 32, dir / "e.mid", {.key_sharps = -8}), InputError);
  EXPECT_THROW(write_tracks_midi(good, -1, dir / "f.mid"), InputError);
  EXPECT_THROW(write_tracks_midi(good, 31, dir / "g.mid"), InputError);  // the melody ends at 32
  EXPECT_THROW(write_tracks_midi(with([](auto& t) { t[1].program = 128; }), 32, dir / "h.mid"), InputError);
  EXPECT_THROW(write_tracks_midi(with([](auto& t) { t[2].program = -1; }), 32, dir / "i.mid"), InputError);
  EXPECT_THROW(write_tracks_midi(with([](auto& t) { t[0].channel = 16; }), 32, dir / "j.mid"), InputError);
  EXPECT_THROW(write_tracks_midi(with([](auto& t) { t[0].notes[1].pitch = 128; }), 32, dir / "k.mid"), InputError);
  EXPECT_THROW(write_tracks_midi(with([](auto& t) { t[1].notes[0].velocity = 0; }), 32, dir / "l.mid"), InputError);
  EXPECT_THROW(write_tracks_midi(with([](auto& t) { t[2].notes[0].velocity = 128; }), 32, dir / "m.mid"), InputError);
  EXPECT_THROW(write_tracks_midi(with([](auto& t) { t[0].notes[0].end_step = 0; }), 32, dir / "n.mid"), InputError);
  EXPECT_THROW(write_tracks_midi(with([](auto& t) { t[2].notes[0].start_step = -1; }), 32, dir / "o.mid"), InputError);
  const std::string message = input_error_of([&] {
    write_tracks_midi(with([](auto& t) { t[1].program = 200; }), 32, dir / "p.mid");
  });
  EXPECT_NE(message.find("p.mid"), std::string::npos) << message;
  EXPECT_NE(message.find("chords"), std::string::npos) << message;
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

}  // namespace
}  // namespace vec2midi::music
