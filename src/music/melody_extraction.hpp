// Training melodies from MIDI files the way Magenta's MusicVAE data pipeline makes them
// (OneHotMelodyConverter of cat-mel_2bar_small + note_seq's extract_melodies): quantize to 16th
// steps, one monophonic melody line per instrument, split at rests of a bar or more, keep 4/4 (and
// 2/2) material, slice into 2-bar windows with a 1-bar hop on bar lines, drop duplicate windows.
// Usage: FileWindows w = extract_windows(read_midi("tune.mid"), ExtractionOptions{});
//        for (const MelodyWindow& x : w.windows) use(x.events);   // kWindowSteps events each
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "music/constants.hpp"
#include "music/melody.hpp"
#include "music/midi_io.hpp"

namespace vec2midi::music {

/// How melodies are extracted; defaults are Magenta's for cat-mel_2bar_small (configs.py, data.py).
struct ExtractionOptions {
  int min_pitch = kMinPitch;        ///< lower notes are dropped before extraction (OneHotMelodyConverter min_pitch)
  int max_pitch = kMaxPitch;        ///< higher notes are dropped (OneHotMelodyConverter max_pitch)
  int min_program = 0;              ///< lowest General MIDI program kept (data.MEL_PROGRAMS = 0..31)
  int max_program = 31;             ///< highest program kept: piano, chromatic percussion, organ, guitar
  bool skip_drums = true;           ///< ignore channel-10 notes (extract_melodies filter_drums)
  std::string track_name;           ///< if not empty, only tracks with this exact name (e.g. POP909's "MELODY")
  double gap_bars = 1.0;            ///< a rest of this many bars ends a melody (extract_melodies gap_bars)
  int64_t min_melody_bars = 1;      ///< melodies of at most this many bars are dropped (extract_melodies min_bars)
  int64_t max_melody_bars = 100;    ///< longer melodies are cut to this many bars before slicing (max_bars)
  int64_t window_bars = kWindowBars;  ///< window length in bars (slice_bars = 2)
  int64_t hop_bars = 1;             ///< windows start every this many bars (Magenta slides by one bar)
  bool dedupe = true;               ///< keep each distinct window once per file (Magenta's set() of slices)
  bool assume_four_four = false;    ///< ignore time signatures: the whole file is 4/4 from its first tick
                                    ///< (for corpora whose time-signature events are placeholders)
};

/// Why a file gave no windows.
enum class Rejection {
  kNone,           ///< the file gave at least one window
  kUnreadable,     ///< not a readable MIDI file (set by callers that catch InputError)
  kTrackMissing,   ///< ExtractionOptions::track_name names no track of the file
  kNotFourFour,    ///< none of its usable notes lies in a 4/4 (or 2/2) section
  kNoMelody,       ///< 4/4 material, but no melody of two bars or more
};

/// Short machine name of a rejection: "unreadable", "track_missing", "not_4_4", "no_melody" ("" for kNone).
std::string_view rejection_name(Rejection rejection);

/// A stretch of the file under one time signature, in quarter notes from the file start.
struct TimeSignatureSection {
  double start_quarter = 0.0;  ///< where the time signature takes effect
  double end_quarter = 0.0;    ///< where the next different one does (or the end of the file)
  int numerator = 4;           ///< beats per bar (4/4 if the file has no time signature yet)
  int denominator = 4;         ///< beat unit
  int64_t first_bar = 0;       ///< index of its first bar counted from the file start (earlier
                               ///< sections contribute their bars, a partial bar counting as one)

  /// True for bars of four quarter notes, i.e. 16 steps: 4/4 and 2/2 (and the rare 8/8 or 1/1), the
  /// test Magenta applies (steps_per_bar_in_quantized_sequence == 16).
  bool is_four_four() const { return 4 * numerator == kQuartersPerBar * denominator; }
};

/// One 2-bar training window.
struct MelodyWindow {
  std::vector<uint8_t> events;  ///< window_bars * kStepsPerBar melody events (event_codec.hpp)
  int64_t start_bar = 0;        ///< bar of the file where it begins (TimeSignatureSection::first_bar based)
};

/// What extract_windows found in one file.
struct FileWindows {
  std::vector<MelodyWindow> windows;      ///< in order of instrument, melody and time; duplicates dropped
  Rejection rejection = Rejection::kNone; ///< why `windows` is empty, else kNone
  int64_t n_melodies = 0;                 ///< melodies extracted before slicing
  int64_t n_duplicates = 0;               ///< windows dropped as duplicates
};

/// Rounds a position in quarter notes to 16th-note steps, halves rounding up (Magenta quantize_cutoff 0.5).
int64_t quantize_quarters(double quarters);

/// Splits the file at each change of time signature (Magenta's split on time changes; tempo changes
/// do not split because quantization here is in quarter notes, not seconds).
std::vector<TimeSignatureSection> time_signature_sections(const MidiFile& file);

/// Magenta's extract_melodies for one instrument. `notes` are quantized (steps from a bar line), any
/// order. Each returned melody starts on a bar line: its notes are relative to `start_steps[i]`,
/// monophonic (at equal onsets the highest pitch is kept; a new onset ends the sounding note), and its
/// n_steps is padded to whole bars and cut to max_melody_bars. Melodies of min_melody_bars or fewer
/// bars are dropped.
std::vector<Melody> extract_melodies(std::vector<Note> notes, const ExtractionOptions& options,
                                     std::vector<int64_t>* start_steps = nullptr);

/// Slides a window of window_bars over `melody` in steps of hop_bars from its first bar. Notes sounding
/// into a window from before its start are not part of it (the window starts with a rest, as in Magenta).
/// Returns the encoded windows and, in `start_bars`, each window's first bar within the melody.
std::vector<std::vector<uint8_t>> slice_windows(const Melody& melody, const ExtractionOptions& options,
                                                std::vector<int64_t>* start_bars = nullptr);

/// The whole pipeline for one parsed file.
FileWindows extract_windows(const MidiFile& file, const ExtractionOptions& options);

}  // namespace vec2midi::music
