// Standard MIDI files in and out (through libsmf): a parsed file keeps the tempo map, time and key
// signatures and, per track, its notes in ticks and in quarter notes; a melody is written as a type-0 file,
// a piece of several tracks as a type-1 file.
// Usage: MidiFile f = read_midi("tune.mid");  write_melody_midi(melody, "out.mid", {.qpm = 100});
//        write_tracks_midi(tracks, n_steps, "piece.mid", {.key_signature = true, .key_sharps = -3});
// Only this file (with midi_io.cpp, midi_write.cpp) knows MIDI ticks; everything downstream works in
// quarters or steps.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "music/constants.hpp"
#include "music/melody.hpp"
#include "music/track.hpp"

namespace vec2midi::music {

inline constexpr std::uintmax_t kMaxMidiFileBytes = 64u << 20;  ///< larger files are refused as bad input
inline constexpr double kMinMidiQpm = 1.0;     ///< slowest tempo accepted (quarter notes per minute)
inline constexpr double kMaxMidiQpm = 1000.0;  ///< fastest tempo accepted; beyond it a file is "absurd"
inline constexpr int64_t kMaxMidiTicks = (int64_t(1) << 28) - 1;  ///< longest track accepted, in ticks (one SMF delta)
inline constexpr int64_t kMaxMidiEvents = 1'000'000;  ///< most events kept from one file (bounds libsmf's memory)

/// A tempo change (meta event 0x51).
struct MidiTempo {
  int64_t tick = 0;                                  ///< position in ticks from the file start
  double quarter = 0.0;                              ///< the same position in quarter notes
  int64_t microseconds_per_quarter = 500000;         ///< as stored in the file
  double qpm = kDefaultQpm;                          ///< quarter notes per minute
  double seconds = 0.0;                              ///< wall-clock time of the change
};

/// A time signature (meta event 0x58), e.g. 6/8 is {6, 8}.
struct MidiTimeSignature {
  int64_t tick = 0;       ///< position in ticks from the file start
  double quarter = 0.0;   ///< the same position in quarter notes
  int numerator = 4;      ///< beats per bar
  int denominator = 4;    ///< beat unit (a power of two)

  /// Length of one bar in quarter notes (4/4 and 2/2 give 4).
  double quarters_per_bar() const { return 4.0 * numerator / denominator; }
};

/// A key signature (meta event 0x59), e.g. C minor is {-3 sharps (three flats), minor}.
struct MidiKeySignature {
  int64_t tick = 0;       ///< position in ticks from the file start
  double quarter = 0.0;   ///< the same position in quarter notes
  int sharps = 0;         ///< -7..7: sharps, or flats when negative
  bool minor = false;     ///< minor key (else major)
};

/// One note, paired from a note-on and its note-off (a note-on of velocity 0 is a note-off).
struct MidiNote {
  int pitch = 60;               ///< MIDI note number 0..127
  int velocity = kDefaultVelocity;  ///< note-on velocity 1..127
  int channel = 0;              ///< MIDI channel 0..15 (kDrumChannel = channel 10)
  int program = 0;              ///< General MIDI program 0..127 in force on the channel at the note-on
  int64_t start_tick = 0;       ///< note-on, in ticks from the file start
  int64_t end_tick = 0;         ///< note-off, in ticks (> start_tick)
  double start_quarter = 0.0;   ///< note-on in quarter notes (ticks / ticks per quarter)
  double end_quarter = 0.0;     ///< note-off in quarter notes

  bool is_drum() const { return channel == kDrumChannel; }
};

/// One MTrk chunk with its notes in onset order.
struct MidiTrack {
  int index = 0;                  ///< zero-based position of the track in the file
  std::string name;               ///< first track-name meta event (0x03), or empty
  std::vector<int> channels;      ///< channels its notes use, ascending
  std::vector<int> programs;      ///< programs its notes use, ascending
  bool is_drum = false;           ///< all its notes are on channel 10
  std::vector<MidiNote> notes;    ///< sorted by start tick, then pitch
};

/// A parsed Standard MIDI File (format 0 or 1, metrical time).
struct MidiFile {
  std::string source;                               ///< path or name it was read from
  int format = 0;                                   ///< SMF format 0 or 1
  int ticks_per_quarter = 480;                      ///< division field (PPQ)
  std::vector<MidiTempo> tempos;                    ///< tempo map, by tick (a 120 qpm entry at 0 if absent)
  std::vector<MidiTimeSignature> time_signatures;   ///< by tick; empty if the file has none (then 4/4)
  std::vector<MidiKeySignature> key_signatures;     ///< by tick (last per tick); empty if none; bad ones skipped
  std::vector<MidiTrack> tracks;                    ///< in file order
  int64_t length_ticks = 0;                         ///< tick of the last event of any track
  double length_quarters = 0.0;                     ///< the same in quarter notes
  double length_seconds = 0.0;                      ///< the same in seconds, through the tempo map

  /// Total number of notes over all tracks.
  int64_t n_notes() const;
};

/// Options of write_melody_midi.
struct MidiWriteOptions {
  double qpm = kDefaultQpm;         ///< tempo in quarter notes per minute (Magenta default 120)
  int program = 0;                  ///< General MIDI program 0..127 (0 = acoustic grand piano)
  int velocity = 0;                 ///< 1..127 given to every note, or 0 to keep each Note's own velocity
  int channel = 0;                  ///< MIDI channel 0..15
  int ticks_per_quarter = 480;      ///< PPQ of the written file (4 steps per quarter need a multiple of 4)
};

/// Options of write_tracks_midi.
struct TracksMidiOptions {
  double qpm = kDefaultQpm;         ///< tempo in quarter notes per minute (Magenta default 120)
  int ticks_per_quarter = 480;      ///< PPQ of the written file (a multiple of 4 up to 32767)
  bool key_signature = false;       ///< write a key signature (meta 0x59) in the conductor track
  int key_sharps = 0;               ///< -7..7: sharps, or flats when negative (e.g. -3 for C minor / E-flat major)
  bool key_minor = false;           ///< the key signature names a minor key
};

/// Reads and parses a MIDI file. Throws InputError naming `path` for anything that is not a sound
/// format-0/1 metrical SMF: missing, empty, truncated, malformed, SMPTE time, absurd tempo or length.
MidiFile read_midi(const std::filesystem::path& path);

/// Parses MIDI bytes; `name` is used in error messages and as MidiFile::source. Safe on any input.
MidiFile read_midi_bytes(std::string_view bytes, const std::string& name);

/// Writes `melody` as a type-0 MIDI file (tempo, 4/4 time signature, program change, notes) atomically.
/// Throws InputError for options out of range, Error if the file cannot be written.
void write_melody_midi(const Melody& melody, const std::filesystem::path& path, const MidiWriteOptions& options = {});

/// Writes a piece of `n_steps` 16th-note steps as a type-1 MIDI file, atomically: a conductor track (tempo,
/// 4/4, the key signature if asked), then one track per Track with its name (meta 0x03), a program change
/// (none on the drum channel) and its notes; every track ends at n_steps. A note that starts while an
/// earlier one of its pitch sounds ends that one (see playable_notes). Tracks may have no notes.
/// Throws InputError for options, programs, channels, pitches, velocities or notes out of range (notes must
/// lie within 0..n_steps), Error if the file cannot be written; nothing is left at `path` then.
void write_tracks_midi(const std::vector<Track>& tracks, int64_t n_steps, const std::filesystem::path& path,
                       const TracksMidiOptions& options = {});

}  // namespace vec2midi::music
