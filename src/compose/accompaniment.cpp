#include "compose/accompaniment.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>

#include "io/error.hpp"
#include "io/lower_case.hpp"
#include "music/constants.hpp"
#include "music/key.hpp"

namespace vec2midi::compose {

namespace {

constexpr int64_t kHalfBar = music::kStepsPerBar / 2;
constexpr int64_t kEighth = music::kStepsPerQuarter / 2;
constexpr int64_t kDrumHitSteps = 1;  // drum notes are short; General MIDI drums ignore the note-off anyway
constexpr int kVoices = 3;

using Voicing = std::array<int, kVoices>;

// The voicing of `chord` within the register with the least total movement from `previous` (the first
// chord: its middle voice nearest the register's centre); ties go to the lower voicing.
Voicing voice(const Chord& chord, const std::optional<Voicing>& previous, const AccompanimentOptions& options) {
  const auto pcs = chord_pitch_classes(chord);
  const int centre = (options.chord_low + options.chord_high) / 2;
  std::optional<Voicing> best;
  int best_distance = 0;
  for (int bottom = options.chord_low; bottom <= options.chord_high; ++bottom) {
    for (int inversion = 0; inversion < kVoices; ++inversion) {
      if (music::pitch_class(bottom) != pcs[static_cast<size_t>(inversion)]) continue;
      Voicing v{bottom, 0, 0};
      for (int i = 1; i < kVoices; ++i) {
        const int pc = pcs[static_cast<size_t>((inversion + i) % kVoices)];
        int pitch = v[static_cast<size_t>(i - 1)] + 1;
        while (music::pitch_class(pitch) != pc) ++pitch;
        v[static_cast<size_t>(i)] = pitch;
      }
      if (v[kVoices - 1] > options.chord_high) continue;
      int distance = std::abs(v[1] - centre);
      if (previous) {
        distance = 0;
        for (size_t i = 0; i < v.size(); ++i) distance += std::abs(v[i] - (*previous)[i]);
      }
      if (!best || distance < best_distance) {
        best = v;
        best_distance = distance;
      }
    }
  }
  if (!best) {
    throw InputError("accompaniment: no voicing of a triad fits the chord register " +
                     std::to_string(options.chord_low) + ".." + std::to_string(options.chord_high));
  }
  return *best;
}

// The pitch of `pc` in low..high nearest `reference` (ties: the lower one).
int nearest_in_register(int pc, int reference, int low, int high) {
  std::optional<int> best;
  for (int pitch = low; pitch <= high; ++pitch) {
    if (music::pitch_class(pitch) == pc && (!best || std::abs(pitch - reference) < std::abs(*best - reference))) {
      best = pitch;
    }
  }
  if (!best) {
    throw InputError("accompaniment: the bass register " + std::to_string(low) + ".." + std::to_string(high) +
                     " lacks a pitch class");
  }
  return *best;
}

// The steps in [begin, end) where a new note starts: begin, then every multiple of `period` after it.
std::vector<int64_t> onsets(int64_t begin, int64_t end, int64_t period) {
  std::vector<int64_t> steps = {begin};
  for (int64_t s = (begin / period + 1) * period; s < end; s += period) steps.push_back(s);
  return steps;
}

void sort_notes(music::Track& track) {
  std::sort(track.notes.begin(), track.notes.end(), [](const music::Note& a, const music::Note& b) {
    return a.start_step != b.start_step ? a.start_step < b.start_step : a.pitch < b.pitch;
  });
}

music::Track chord_track(const std::vector<Chord>& chords, int64_t n_steps, const AccompanimentOptions& options) {
  music::Track track{.name = "chords", .program = options.chord_program, .channel = options.chord_channel, .notes = {}};
  std::optional<Voicing> previous;
  for (const Chord& chord : chords) {
    const int64_t begin = std::max<int64_t>(0, chord.start_step), end = std::min(n_steps, chord.end_step);
    if (begin >= end) continue;
    const Voicing v = voice(chord, previous, options);
    previous = v;
    const std::vector<int64_t> strikes = onsets(begin, end, kHalfBar);
    for (size_t i = 0; i < strikes.size(); ++i) {
      const int64_t release = i + 1 < strikes.size() ? strikes[i + 1] : end;
      for (int pitch : v) track.notes.push_back({pitch, strikes[i], release, options.chord_velocity});
    }
  }
  sort_notes(track);
  return track;
}

music::Track bass_track(const std::vector<Chord>& chords, int64_t n_steps, const AccompanimentOptions& options) {
  music::Track track{.name = "bass", .program = options.bass_program, .channel = options.bass_channel, .notes = {}};
  int previous = (options.bass_low + options.bass_high) / 2;
  for (const Chord& chord : chords) {
    const int64_t begin = std::max<int64_t>(0, chord.start_step), end = std::min(n_steps, chord.end_step);
    if (begin >= end) continue;
    const auto pcs = chord_pitch_classes(chord);
    const int root = nearest_in_register(pcs[0], previous, options.bass_low, options.bass_high);
    int fifth = root + music::pitch_class(pcs[2] - pcs[0]);
    if (fifth > options.bass_high) fifth -= music::kNumPitchClasses;
    if (fifth < options.bass_low) fifth = root;
    previous = root;
    const std::vector<int64_t> bars = onsets(begin, end, music::kStepsPerBar);
    for (size_t i = 0; i < bars.size(); ++i) {
      const int64_t bar_end = i + 1 < bars.size() ? bars[i + 1] : end;
      if (bars[i] % music::kStepsPerBar == 0 && bar_end - bars[i] == music::kStepsPerBar) {
        track.notes.push_back({root, bars[i], bars[i] + kHalfBar, options.bass_velocity});
        track.notes.push_back({fifth, bars[i] + kHalfBar, bar_end, options.bass_velocity});
      } else {
        track.notes.push_back({root, bars[i], bar_end, options.bass_velocity});
      }
    }
  }
  sort_notes(track);
  return track;
}

// The fill hit at `offset` steps (0..3) into the last beat before a section start.
int fill_note(int64_t offset) {
  constexpr std::array<int, music::kStepsPerQuarter> kFill = {kSnareNote, kSnareNote, kHighTomNote, kLowTomNote};
  return kFill[static_cast<size_t>(offset)];
}

music::Track drum_track(int64_t n_steps, const AccompanimentOptions& options, const std::vector<int64_t>& section_starts) {
  music::Track track{.name = "drums", .program = 0, .channel = music::kDrumChannel, .notes = {}};
  auto hit = [&](int pitch, int64_t step, int velocity) {
    track.notes.push_back({pitch, step, std::min(n_steps, step + kDrumHitSteps), velocity});
  };
  for (int64_t step = 0; step < n_steps; ++step) {
    const int64_t in_bar = step % music::kStepsPerBar;
    const auto fill = std::find_if(section_starts.begin(), section_starts.end(), [&](int64_t start) {
      return start > 0 && start < n_steps && step >= start - music::kStepsPerQuarter && step < start;
    });
    if (in_bar % kHalfBar == 0) hit(kKickNote, step, options.kick_velocity);
    if (fill != section_starts.end()) {
      hit(fill_note(step - (*fill - music::kStepsPerQuarter)), step, options.snare_velocity);
      continue;
    }
    if (in_bar % kHalfBar == music::kStepsPerQuarter) hit(kSnareNote, step, options.snare_velocity);
    if (in_bar % kEighth == 0) hit(kClosedHiHatNote, step, options.hi_hat_velocity);
  }
  std::vector<int64_t> crashes = {0};
  for (int64_t start : section_starts) {
    if (start > 0 && start < n_steps) crashes.push_back(start);
  }
  std::sort(crashes.begin(), crashes.end());
  crashes.erase(std::unique(crashes.begin(), crashes.end()), crashes.end());
  for (int64_t step : crashes) {
    if (step < n_steps) hit(kCrashNote, step, options.crash_velocity);
  }
  sort_notes(track);
  return track;
}

}  // namespace

Accompaniment parse_accompaniment(const std::string& text) {
  const std::string lower = io::lower_case(text);
  for (Accompaniment a : {Accompaniment::kNone, Accompaniment::kChords, Accompaniment::kFull}) {
    if (lower == accompaniment_name(a)) return a;
  }
  throw InputError("accompaniment: expected none, chords or full, got '" + text + "'");
}

std::string accompaniment_name(Accompaniment accompaniment) {
  switch (accompaniment) {
    case Accompaniment::kNone: return "none";
    case Accompaniment::kChords: return "chords";
    case Accompaniment::kFull: return "full";
  }
  return "none";
}

std::vector<music::Track> accompany(const std::vector<Chord>& chords, int64_t n_steps, Accompaniment accompaniment,
                                    const AccompanimentOptions& options, const std::vector<int64_t>& section_starts) {
  if (accompaniment == Accompaniment::kNone) return {};
  std::vector<music::Track> tracks = {chord_track(chords, n_steps, options), bass_track(chords, n_steps, options)};
  if (accompaniment == Accompaniment::kFull) tracks.push_back(drum_track(n_steps, options, section_starts));
  return tracks;
}

}  // namespace vec2midi::compose
