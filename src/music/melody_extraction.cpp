#include "music/melody_extraction.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <unordered_set>

#include "music/event_codec.hpp"

namespace vec2midi::music {

namespace {

/// An instrument in Magenta's sense (pretty_midi's): one track, channel and program.
using InstrumentKey = std::tuple<int, int, int>;

bool keeps_note(const MidiTrack& track, const MidiNote& note, const ExtractionOptions& options) {
  if (!options.track_name.empty() && track.name != options.track_name) return false;
  if (options.skip_drums && note.is_drum()) return false;
  if (note.program < options.min_program || note.program > options.max_program) return false;
  return note.pitch >= options.min_pitch && note.pitch <= options.max_pitch;
}

int64_t bars_spanned(double quarters, double quarters_per_bar) {
  constexpr double kTolerance = 1e-9;  // a section of exactly n bars is n bars, not n + 1
  return quarters <= kTolerance ? 0 : static_cast<int64_t>(std::ceil(quarters / quarters_per_bar - kTolerance));
}

}  // namespace

std::string_view rejection_name(Rejection rejection) {
  switch (rejection) {
    case Rejection::kNone: return "";
    case Rejection::kUnreadable: return "unreadable";
    case Rejection::kTrackMissing: return "track_missing";
    case Rejection::kNotFourFour: return "not_4_4";
    case Rejection::kNoMelody: return "no_melody";
  }
  return "";
}

int64_t quantize_quarters(double quarters) {
  return static_cast<int64_t>(std::floor(quarters * kStepsPerQuarter + 0.5));
}

std::vector<TimeSignatureSection> time_signature_sections(const MidiFile& file) {
  double end = file.length_quarters;
  for (const MidiTrack& track : file.tracks) {
    for (const MidiNote& note : track.notes) end = std::max(end, note.end_quarter);
  }
  std::vector<TimeSignatureSection> sections;
  TimeSignatureSection current;  // 4/4 from the start until a time signature says otherwise
  for (const MidiTimeSignature& ts : file.time_signatures) {
    if (ts.numerator == current.numerator && ts.denominator == current.denominator) continue;  // no change
    if (ts.quarter > current.start_quarter) {
      current.end_quarter = ts.quarter;
      sections.push_back(current);
    }
    const double bar = 4.0 * current.numerator / current.denominator;
    const int64_t first_bar = current.first_bar + bars_spanned(ts.quarter - current.start_quarter, bar);
    current = TimeSignatureSection{.start_quarter = ts.quarter, .numerator = ts.numerator,
                                   .denominator = ts.denominator, .first_bar = first_bar};
  }
  current.end_quarter = std::max(end, current.start_quarter);
  sections.push_back(current);
  return sections;
}

std::vector<Melody> extract_melodies(std::vector<Note> notes, const ExtractionOptions& options,
                                     std::vector<int64_t>* start_steps) {
  // note_seq's Melody.from_quantized_sequence visits notes by onset, then by pitch descending.
  std::stable_sort(notes.begin(), notes.end(), [](const Note& a, const Note& b) {
    return a.start_step != b.start_step ? a.start_step < b.start_step : a.pitch > b.pitch;
  });
  const double gap_steps = options.gap_bars * kStepsPerBar;
  const int64_t max_steps = options.max_melody_bars * kStepsPerBar;
  std::vector<Melody> melodies;
  if (start_steps != nullptr) start_steps->clear();
  int64_t search_start = 0;  // always a bar line
  size_t next = 0;
  while (true) {
    while (next < notes.size() && notes[next].start_step < search_start) ++next;
    if (next == notes.size()) break;
    const int64_t first = notes[next].start_step;
    const int64_t melody_start = first - (first - search_start) % kStepsPerBar;  // the bar holding the first note
    Melody melody;
    for (; next < notes.size(); ++next) {
      Note note = notes[next];
      note.start_step -= melody_start;
      note.end_step -= melody_start;
      if (!melody.notes.empty()) {
        Note& last = melody.notes.back();
        if (note.start_step == last.start_step) continue;  // simultaneous onset: the higher note is kept
        if (static_cast<double>(note.start_step - last.end_step) >= gap_steps) break;  // a rest of gap_bars
        last.end_step = std::min(last.end_step, note.start_step);  // a new onset ends the sounding note
      }
      melody.notes.push_back(note);
    }
    // The melody ends with its last note, padded to a whole bar; the next search starts there.
    const int64_t length = melody.notes.back().end_step;
    melody.n_steps = (length + kStepsPerBar - 1) / kStepsPerBar * kStepsPerBar;
    search_start = melody_start + melody.n_steps;
    // Magenta drops melodies with len - 1 < steps_per_bar * min_bars (one bar or less for min_bars = 1).
    if (melody.n_steps - 1 < kStepsPerBar * options.min_melody_bars) continue;
    if (max_steps > 0 && melody.n_steps > max_steps) {
      melody.n_steps = max_steps;
      std::erase_if(melody.notes, [&](const Note& n) { return n.start_step >= max_steps; });
      for (Note& n : melody.notes) n.end_step = std::min(n.end_step, max_steps);
    }
    if (start_steps != nullptr) start_steps->push_back(melody_start);
    melodies.push_back(std::move(melody));
  }
  return melodies;
}

std::vector<std::vector<uint8_t>> slice_windows(const Melody& melody, const ExtractionOptions& options,
                                                std::vector<int64_t>* start_bars) {
  const int64_t window_steps = options.window_bars * kStepsPerBar;
  const int64_t hop_steps = options.hop_bars * kStepsPerBar;
  std::vector<std::vector<uint8_t>> windows;
  if (start_bars != nullptr) start_bars->clear();
  if (window_steps <= 0 || hop_steps <= 0) return windows;
  for (int64_t start = 0; start + window_steps <= melody.n_steps; start += hop_steps) {
    Melody window;
    window.n_steps = window_steps;
    for (const Note& note : melody.notes) {
      if (note.start_step < start || note.start_step >= start + window_steps) continue;
      Note cut = note;
      cut.start_step -= start;
      cut.end_step = std::min(note.end_step, start + window_steps) - start;
      window.notes.push_back(cut);
    }
    windows.push_back(melody_to_events(window, window_steps));
    if (start_bars != nullptr) start_bars->push_back(start / kStepsPerBar);
  }
  return windows;
}

FileWindows extract_windows(const MidiFile& file, const ExtractionOptions& options) {
  FileWindows result;
  if (!options.track_name.empty() &&
      std::none_of(file.tracks.begin(), file.tracks.end(),
                   [&](const MidiTrack& t) { return t.name == options.track_name; })) {
    result.rejection = Rejection::kTrackMissing;
    return result;
  }
  std::vector<TimeSignatureSection> sections = time_signature_sections(file);
  if (options.assume_four_four) {
    sections = {TimeSignatureSection{.start_quarter = 0.0, .end_quarter = sections.back().end_quarter}};
  }

  int64_t n_usable = 0, n_in_four_four = 0;
  std::unordered_set<std::string> seen;
  for (const TimeSignatureSection& section : sections) {
    // Notes beginning in the section, quantized from its start and cut at its end (Magenta's split).
    std::map<InstrumentKey, std::vector<Note>> instruments;
    for (const MidiTrack& track : file.tracks) {
      for (const MidiNote& note : track.notes) {
        if (note.start_quarter < section.start_quarter || note.start_quarter >= section.end_quarter) continue;
        if (!keeps_note(track, note, options)) continue;
        ++n_usable;
        if (!section.is_four_four()) continue;
        ++n_in_four_four;
        const int64_t start = quantize_quarters(note.start_quarter - section.start_quarter);
        int64_t end = quantize_quarters(std::min(note.end_quarter, section.end_quarter) - section.start_quarter);
        if (end <= start) end = start + 1;  // Magenta: a note quantized to zero length lasts one step
        instruments[{track.index, note.channel, note.program}].push_back(
            Note{.pitch = note.pitch, .start_step = start, .end_step = end, .velocity = note.velocity});
      }
    }
    for (auto& [key, notes] : instruments) {
      std::vector<int64_t> melody_starts;
      const std::vector<Melody> melodies = extract_melodies(std::move(notes), options, &melody_starts);
      result.n_melodies += static_cast<int64_t>(melodies.size());
      for (size_t m = 0; m < melodies.size(); ++m) {
        std::vector<int64_t> bars;
        std::vector<std::vector<uint8_t>> windows = slice_windows(melodies[m], options, &bars);
        for (size_t w = 0; w < windows.size(); ++w) {
          if (options.dedupe && !seen.emplace(windows[w].begin(), windows[w].end()).second) {
            ++result.n_duplicates;
            continue;
          }
          result.windows.push_back(MelodyWindow{
              .events = std::move(windows[w]),
              .start_bar = section.first_bar + melody_starts[m] / kStepsPerBar + bars[w]});
        }
      }
    }
  }
  if (result.windows.empty()) {
    result.rejection = (n_usable > 0 && n_in_four_four == 0) ? Rejection::kNotFourFour : Rejection::kNoMelody;
  }
  return result;
}

}  // namespace vec2midi::music
