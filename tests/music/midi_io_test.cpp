#include "music/midi_io.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "music/smf_bytes.hpp"
#include "support/input_error.hpp"
#include "support/shared_data.hpp"

namespace vec2midi::music {
namespace {

using testing::shared_path;
using testing::SmfTrack;
using testing::smf_file;
using testing::temp_dir;

using vec2midi::testing::input_error_of;

TEST(MidiIo, ReadsFormatZeroNotesInTicksAndQuarters) {
  SmfTrack t;
  t.name(0, "Tune").tempo(0, 600000).note(0, 0, 60, 90, 240).note(240, 0, 64, 80, 480).end();
  const MidiFile f = read_midi_bytes(smf_file(0, 480, {t}), "mem.mid");
  EXPECT_EQ(f.format, 0);
  EXPECT_EQ(f.ticks_per_quarter, 480);
  ASSERT_EQ(f.tracks.size(), 1u);
  EXPECT_EQ(f.tracks[0].name, "Tune");
  ASSERT_EQ(f.tracks[0].notes.size(), 2u);
  const MidiNote& b = f.tracks[0].notes[1];
  EXPECT_EQ(b.pitch, 64);
  EXPECT_EQ(b.velocity, 80);
  EXPECT_EQ(b.start_tick, 480);  // 240 + 240
  EXPECT_EQ(b.end_tick, 960);
  EXPECT_DOUBLE_EQ(b.start_quarter, 1.0);
  EXPECT_DOUBLE_EQ(b.end_quarter, 2.0);
  ASSERT_EQ(f.tempos.size(), 1u);
  EXPECT_DOUBLE_EQ(f.tempos[0].qpm, 100.0);  // 60e6 / 600000
  EXPECT_DOUBLE_EQ(f.length_seconds, 1.2);   // two quarters at 100 qpm
}

TEST(MidiIo, RunningStatusAndVelocityZeroNoteOff) {
  SmfTrack t;
  // 0x90 once, then data bytes only: on 60, on 62 (+1 quarter: 60 off via velocity 0), ...
  t.raw(0, {0x90, 60, 100}).raw(480, {60, 0}).raw(0, {62, 100}).raw(480, {62, 0}).end();
  const MidiFile f = read_midi_bytes(smf_file(0, 480, {t}), "running.mid");
  ASSERT_EQ(f.tracks[0].notes.size(), 2u);
  EXPECT_EQ(f.tracks[0].notes[0].end_tick, 480);
  EXPECT_EQ(f.tracks[0].notes[1].pitch, 62);
  EXPECT_EQ(f.tracks[0].notes[1].start_tick, 480);
  EXPECT_EQ(f.tracks[0].notes[1].end_tick, 960);
}

TEST(MidiIo, FormatOneTempoMapTimeSignaturesChannelsProgramsDrums) {
  SmfTrack conductor, melody, drums;
  conductor.tempo(0, 500000).time_signature(0, 3, 2).tempo(960, 250000).time_signature(480, 4, 2).end();
  melody.name(0, "MELODY").program(0, 2, 40).note(0, 2, 72, 100, 480).end();
  drums.name(0, "DRUMS").note(0, 9, 36, 100, 120).end();
  const MidiFile f = read_midi_bytes(smf_file(1, 480, {conductor, melody, drums}), "multi.mid");
  EXPECT_EQ(f.format, 1);
  ASSERT_EQ(f.tempos.size(), 2u);
  EXPECT_EQ(f.tempos[1].tick, 960);
  EXPECT_DOUBLE_EQ(f.tempos[1].qpm, 240.0);
  EXPECT_DOUBLE_EQ(f.tempos[1].seconds, 1.0);  // two quarters at 120 qpm
  ASSERT_EQ(f.time_signatures.size(), 2u);
  EXPECT_EQ(f.time_signatures[0].numerator, 3);
  EXPECT_EQ(f.time_signatures[0].denominator, 4);
  EXPECT_DOUBLE_EQ(f.time_signatures[1].quarter, 3.0);
  ASSERT_EQ(f.tracks.size(), 3u);
  EXPECT_EQ(f.tracks[1].name, "MELODY");
  EXPECT_EQ(f.tracks[1].channels, std::vector<int>{2});
  EXPECT_EQ(f.tracks[1].programs, std::vector<int>{40});
  EXPECT_FALSE(f.tracks[1].is_drum);
  EXPECT_TRUE(f.tracks[2].is_drum);
  EXPECT_TRUE(f.tracks[2].notes[0].is_drum());
}

TEST(MidiIo, FileWithoutTempoGetsDefault120) {
  SmfTrack t;
  t.note(0, 0, 60, 100, 96).end();
  const MidiFile f = read_midi_bytes(smf_file(0, 96, {t}), "notempo.mid");
  ASSERT_EQ(f.tempos.size(), 1u);
  EXPECT_DOUBLE_EQ(f.tempos[0].qpm, kDefaultQpm);
  EXPECT_TRUE(f.time_signatures.empty());
}

TEST(MidiIo, NoteOffClosesEveryEarlierNoteOfItsPitch) {
  // pretty_midi's rule: two note-ons of one pitch, one note-off closes both.
  SmfTrack t;
  t.on(0, 0, 60, 100).on(100, 0, 60, 90).off(100, 0, 60).end();
  const MidiFile f = read_midi_bytes(smf_file(0, 480, {t}), "double.mid");
  ASSERT_EQ(f.tracks[0].notes.size(), 2u);
  EXPECT_EQ(f.tracks[0].notes[0].end_tick, 200);
  EXPECT_EQ(f.tracks[0].notes[1].end_tick, 200);
}

TEST(MidiIo, LongMetaEventsDoNotConfuseTheParser) {
  // libsmf reads meta lengths as one byte; a 300-byte text event must not shift the event stream.
  SmfTrack t;
  t.meta(0, 0x01, std::string(300, 'x')).name(0, std::string(200, 'n')).note(0, 0, 67, 100, 480).end();
  const MidiFile f = read_midi_bytes(smf_file(0, 480, {t}), "longmeta.mid");
  ASSERT_EQ(f.tracks[0].notes.size(), 1u);
  EXPECT_EQ(f.tracks[0].notes[0].pitch, 67);
  EXPECT_EQ(f.tracks[0].name, std::string(127, 'n'));
}

TEST(MidiIo, WriteThenReadGivesTheMelodyBack) {
  const auto dir = temp_dir("midi_roundtrip");
  const Melody m{.notes = {{.pitch = 60, .start_step = 0, .end_step = 4, .velocity = 70},
                           {.pitch = 67, .start_step = 4, .end_step = 6, .velocity = 110},
                           {.pitch = 72, .start_step = 9, .end_step = 32, .velocity = 1}},
                 .n_steps = 32};
  write_melody_midi(m, dir / "m.mid", {.qpm = 90, .program = 73});
  const MidiFile f = read_midi(dir / "m.mid");
  EXPECT_EQ(f.format, 0);
  ASSERT_EQ(f.tempos.size(), 1u);
  EXPECT_NEAR(f.tempos[0].qpm, 90.0, 1e-3);
  ASSERT_EQ(f.time_signatures.size(), 1u);
  EXPECT_EQ(f.time_signatures[0].numerator, 4);
  EXPECT_EQ(f.time_signatures[0].denominator, 4);
  ASSERT_EQ(f.tracks.size(), 1u);
  ASSERT_EQ(f.tracks[0].notes.size(), m.notes.size());
  for (size_t i = 0; i < m.notes.size(); ++i) {
    const MidiNote& n = f.tracks[0].notes[i];
    EXPECT_EQ(n.pitch, m.notes[i].pitch);
    EXPECT_EQ(n.velocity, m.notes[i].velocity);
    EXPECT_EQ(n.program, 73);
    EXPECT_DOUBLE_EQ(n.start_quarter * kStepsPerQuarter, static_cast<double>(m.notes[i].start_step));
    EXPECT_DOUBLE_EQ(n.end_quarter * kStepsPerQuarter, static_cast<double>(m.notes[i].end_step));
  }
}

TEST(MidiIo, WriteVelocityOptionOverridesNotes) {
  const auto dir = temp_dir("midi_velocity");
  const Melody m{.notes = {{.pitch = 60, .start_step = 0, .end_step = 4, .velocity = 70}}, .n_steps = 16};
  write_melody_midi(m, dir / "v.mid", {.velocity = 33});
  EXPECT_EQ(read_midi(dir / "v.mid").tracks[0].notes[0].velocity, 33);
}

TEST(MidiIo, WriteRejectsBadOptionsAndLeavesNoFile) {
  const auto dir = temp_dir("midi_badopts");
  const Melody m{.notes = {{.pitch = 60, .start_step = 0, .end_step = 4}}, .n_steps = 16};
  EXPECT_THROW(write_melody_midi(m, dir / "a.mid", {.qpm = 0.0}), InputError);
  EXPECT_THROW(write_melody_midi(m, dir / "b.mid", {.program = 128}), InputError);
  EXPECT_THROW(write_melody_midi(m, dir / "c.mid", {.ticks_per_quarter = 6}), InputError);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(MidiIo, ReadsARealPop909File) {
  const MidiFile f = read_midi(shared_path("data/melodies/pop909/001.mid"));
  EXPECT_EQ(f.format, 1);
  EXPECT_EQ(f.ticks_per_quarter, 480);
  ASSERT_EQ(f.tracks.size(), 4u);
  EXPECT_EQ(f.tracks[1].name, "MELODY");
  EXPECT_EQ(f.tracks[2].name, "BRIDGE");
  EXPECT_EQ(f.tracks[3].name, "PIANO");
  // Counted independently from the raw bytes with a separate parser: 264 note-ons on the melody track.
  EXPECT_EQ(f.tracks[1].notes.size(), 264u);
}

// ---- bad input: always InputError, always naming the file ----

TEST(MidiIo, EmptyFileIsBadInput) {
  const auto dir = temp_dir("midi_empty");
  std::ofstream(dir / "empty.mid").close();
  const std::string message = input_error_of([&] { read_midi(dir / "empty.mid"); });
  EXPECT_NE(message.find("empty.mid"), std::string::npos) << message;
}

TEST(MidiIo, MissingFileIsBadInput) {
  const std::string message = input_error_of([] { read_midi("/nonexistent/dir/x.mid"); });
  EXPECT_NE(message.find("/nonexistent/dir/x.mid"), std::string::npos) << message;
}

TEST(MidiIo, TruncatedFilesAreBadInput) {
  SmfTrack t;
  t.tempo(0, 500000).note(0, 0, 60, 100, 480).note(0, 0, 62, 100, 480).end();
  const std::string whole = smf_file(0, 480, {t});
  for (size_t cut = 1; cut < whole.size(); ++cut) {
    const std::string message = input_error_of([&] { read_midi_bytes(whole.substr(0, cut), "cut.mid"); });
    EXPECT_EQ(message.rfind("cut.mid", 0), 0u) << "cut at " << cut << ": " << message;
  }
}

TEST(MidiIo, RandomBytesAreBadInputOrParse) {
  std::mt19937_64 rng(99);
  for (int i = 0; i < 500; ++i) {
    std::string bytes(static_cast<size_t>(rng() % 200), '\0');
    for (auto& b : bytes) b = static_cast<char>(rng());
    if (i % 2 == 0 && bytes.size() >= 14) {
      const std::string header = smf_file(1, 480, {}).substr(0, 14);
      bytes.replace(0, 14, header);  // past the magic, into the chunk walker
      bytes[11] = static_cast<char>(1 + rng() % 3);  // 1..3 tracks
    }
    try {
      read_midi_bytes(bytes, "random.mid");
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("random.mid", 0), 0u) << e.what();
    }
  }
}

TEST(MidiIo, RandomCorruptionOfARealFileIsBadInputOrParses) {
  const std::string original = io::read_file(shared_path("data/melodies/nottingham/xmas7.mid"));
  std::mt19937_64 rng(5);
  for (int i = 0; i < 300; ++i) {
    std::string bytes = original;
    for (int k = 0; k < 1 + static_cast<int>(rng() % 4); ++k) bytes[rng() % bytes.size()] = static_cast<char>(rng());
    try {
      read_midi_bytes(bytes, "flipped.mid");
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("flipped.mid"), std::string::npos);
    }
  }
}

TEST(MidiIo, AbsurdTempoIsBadInput) {
  for (uint32_t us : {0u, 1u, 59999u}) {
    SmfTrack t;
    t.tempo(0, us).note(0, 0, 60, 100, 480).end();
    const std::string message = input_error_of([&] { read_midi_bytes(smf_file(0, 480, {t}), "tempo.mid"); });
    EXPECT_NE(message.find("tempo.mid"), std::string::npos);
    EXPECT_NE(message.find("tempo"), std::string::npos) << message;
  }
}

TEST(MidiIo, ZeroDivisionAndSmpteAreBadInput) {
  SmfTrack t;
  t.note(0, 0, 60, 100, 480).end();
  EXPECT_NE(input_error_of([&] { read_midi_bytes(smf_file(0, 0, {t}), "zero.mid"); }).find("zero.mid"),
            std::string::npos);
  EXPECT_NE(input_error_of([&] { read_midi_bytes(smf_file(0, 0xE728, {t}), "smpte.mid"); }).find("SMPTE"),
            std::string::npos);
}

TEST(MidiIo, FormatTwoIsBadInput) {
  SmfTrack t;
  t.note(0, 0, 60, 100, 480).end();
  EXPECT_NE(input_error_of([&] { read_midi_bytes(smf_file(2, 480, {t}), "f2.mid"); }).find("format 2"),
            std::string::npos);
}

TEST(MidiIo, NotAMidiFileIsBadInput) {
  const std::string message = input_error_of([] { read_midi_bytes("RIFF0000WAVEfmt 0000", "sound.wav"); });
  EXPECT_NE(message.find("sound.wav"), std::string::npos);
  EXPECT_NE(message.find("MThd"), std::string::npos) << message;
}

// ---- key signatures; the melody writer unchanged by the tracks writer (midi_write_tracks_test.cpp) ----

TEST(MidiIo, ReadsKeySignaturesAndSkipsBadOnes) {
  SmfTrack t;
  t.meta(0, 0x59, std::string("\xFD\x01", 2))         // three flats, minor
      .meta(480, 0x59, std::string("\x09\x00", 2))     // nine sharps: not a key
      .meta(0, 0x59, std::string("\x02\x05", 2))       // mode 5: not a key
      .meta(0, 0x59, std::string("\x02", 1))           // too short
      .meta(480, 0x59, std::string("\x01\x00", 2))     // G major
      .meta(0, 0x59, std::string("\x02\x00", 2))       // D major at the same tick: the later one counts
      .note(0, 0, 60, 100, 480)
      .end();
  const MidiFile f = read_midi_bytes(smf_file(0, 480, {t}), "keys.mid");
  ASSERT_EQ(f.key_signatures.size(), 2u);
  EXPECT_EQ(f.key_signatures[0].tick, 0);
  EXPECT_EQ(f.key_signatures[0].sharps, -3);
  EXPECT_TRUE(f.key_signatures[0].minor);
  EXPECT_EQ(f.key_signatures[1].tick, 960);
  EXPECT_DOUBLE_EQ(f.key_signatures[1].quarter, 2.0);
  EXPECT_EQ(f.key_signatures[1].sharps, 2);
  EXPECT_FALSE(f.key_signatures[1].minor);
}

TEST(MidiIo, WriteMelodyBytesAreUnchangedByTheTracksWriter) {
  // Written by write_melody_midi before write_tracks_midi shared its helpers (the melody of
  // WriteThenReadGivesTheMelodyBack at 90 qpm, program 73; two repeated middle Cs with default options).
  const std::vector<unsigned char> tune = {
      0x4d, 0x54, 0x68, 0x64, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x01, 0x01, 0xe0, 0x4d, 0x54, 0x72, 0x6b,
      0x00, 0x00, 0x00, 0x32, 0x00, 0xff, 0x51, 0x03, 0x0a, 0x2c, 0x2b, 0x00, 0xff, 0x58, 0x04, 0x04, 0x02, 0x18,
      0x08, 0x00, 0xc0, 0x49, 0x00, 0x90, 0x3c, 0x46, 0x83, 0x60, 0x80, 0x3c, 0x00, 0x00, 0x90, 0x43, 0x6e, 0x81,
      0x70, 0x80, 0x43, 0x00, 0x82, 0x68, 0x90, 0x48, 0x01, 0x95, 0x48, 0x80, 0x48, 0x00, 0x00, 0xff, 0x2f, 0x00};
  const std::vector<unsigned char> repeated = {
      0x4d, 0x54, 0x68, 0x64, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x01, 0x01, 0xe0, 0x4d, 0x54, 0x72, 0x6b,
      0x00, 0x00, 0x00, 0x29, 0x00, 0xff, 0x51, 0x03, 0x07, 0xa1, 0x20, 0x00, 0xff, 0x58, 0x04, 0x04, 0x02, 0x18,
      0x08, 0x00, 0xc0, 0x00, 0x00, 0x90, 0x3c, 0x64, 0x83, 0x60, 0x80, 0x3c, 0x00, 0x00, 0x90, 0x3c, 0x64, 0x83,
      0x60, 0x80, 0x3c, 0x00, 0x9e, 0x00, 0xff, 0x2f, 0x00};
  const auto dir = temp_dir("midi_melody_bytes");
  const Melody m{.notes = {{.pitch = 60, .start_step = 0, .end_step = 4, .velocity = 70},
                           {.pitch = 67, .start_step = 4, .end_step = 6, .velocity = 110},
                           {.pitch = 72, .start_step = 9, .end_step = 32, .velocity = 1}},
                 .n_steps = 32};
  write_melody_midi(m, dir / "tune.mid", {.qpm = 90, .program = 73});
  const Melody r{.notes = {{.pitch = 60, .start_step = 0, .end_step = 4},
                           {.pitch = 60, .start_step = 4, .end_step = 8}},
                 .n_steps = 40};
  write_melody_midi(r, dir / "repeated.mid");
  EXPECT_EQ(io::read_file(dir / "tune.mid"), std::string(tune.begin(), tune.end()));
  EXPECT_EQ(io::read_file(dir / "repeated.mid"), std::string(repeated.begin(), repeated.end()));
}

}  // namespace
}  // namespace vec2midi::music
