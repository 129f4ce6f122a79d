// Writing MIDI files (declared in midi_io.hpp): a melody as a type-0 file, a piece of tracks as a type-1 file.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "music/midi_io.hpp"
#include "music/playable_notes.hpp"
#include "music/smf_handle.hpp"

namespace vec2midi::music {
namespace {

constexpr int kMaxTicksPerQuarter = 0x7FFF;  // the division field's 15 bits of metrical time
constexpr int kClocksPerClick = 24;          // time signature: MIDI clocks per metronome click
constexpr int kThirtySecondsPerQuarter = 8;  // time signature: notated 32nd notes per quarter
constexpr int kQuarterPowerOfTwo = 2;        // time signature denominator 4 = 2^2

using Bytes = std::vector<unsigned char>;

/// A channel message at a tick; at one tick note-offs (order 0) come before note-ons (order 1).
struct TimedEvent {
  int64_t tick;
  int order;
  std::array<unsigned char, 3> bytes;
};

void check_range(const std::filesystem::path& path, const std::string& what, double value, double lo, double hi) {
  if (!(value >= lo && value <= hi)) {
    throw InputError(path.string() + ": " + what + " " + std::to_string(value) + " outside " + std::to_string(lo) +
                     ".." + std::to_string(hi));
  }
}

/// Ticks per 16th-note step for a PPQ; throws InputError unless the PPQ is a multiple of 4 up to 32767.
int64_t ticks_per_step_of(const std::filesystem::path& path, int ticks_per_quarter) {
  if (ticks_per_quarter < kStepsPerQuarter || ticks_per_quarter > kMaxTicksPerQuarter ||
      ticks_per_quarter % kStepsPerQuarter != 0) {
    throw InputError(path.string() + ": ticks per quarter " + std::to_string(ticks_per_quarter) +
                     " must be a multiple of " + std::to_string(kStepsPerQuarter) + " up to 32767");
  }
  return ticks_per_quarter / kStepsPerQuarter;
}

/// Checks a note's pitch and steps (not its velocity); `where` prefixes the messages.
void check_note(const std::filesystem::path& path, const std::string& where, const Note& note, int64_t ticks_per_step) {
  check_range(path, where + "note pitch", note.pitch, 0, kMaxMidiValue);
  if (note.start_step < 0 || note.end_step <= note.start_step) {
    throw InputError(path.string() + ": " + where + "note at steps " + std::to_string(note.start_step) + ".." +
                     std::to_string(note.end_step) + " is empty or negative");
  }
  if (note.end_step > kMaxMidiTicks / ticks_per_step) {
    throw InputError(path.string() + ": " + where + "note ending at step " + std::to_string(note.end_step) +
                     " is too late for a MIDI file");
  }
}

/// Appends the note-on and note-off of `note` (already checked) on `channel`.
void append_note_events(const Note& note, int channel, int velocity, int64_t ticks_per_step,
                        std::vector<TimedEvent>& events) {
  const auto pitch = static_cast<unsigned char>(note.pitch);
  const auto on = static_cast<unsigned char>(kStatusNoteOn | channel);
  const auto off = static_cast<unsigned char>(kStatusNoteOff | channel);
  events.push_back({note.start_step * ticks_per_step, 1, {on, pitch, static_cast<unsigned char>(velocity)}});
  events.push_back({note.end_step * ticks_per_step, 0, {off, pitch, 0}});
}

void sort_events(std::vector<TimedEvent>& events) {
  std::stable_sort(events.begin(), events.end(), [](const TimedEvent& a, const TimedEvent& b) {
    return a.tick != b.tick ? a.tick < b.tick : a.order < b.order;
  });
}

Bytes tempo_meta(double qpm) {
  const auto us = static_cast<uint32_t>(std::llround(kMicrosecondsPerMinute / qpm));
  return {kMetaEvent, kMetaTempo, kTempoBytes, static_cast<unsigned char>(us >> 16), static_cast<unsigned char>(us >> 8),
          static_cast<unsigned char>(us)};
}

Bytes four_four_meta() {
  return {kMetaEvent, kMetaTimeSignature, kTimeSignatureBytes, static_cast<unsigned char>(kQuartersPerBar),
          kQuarterPowerOfTwo, kClocksPerClick, kThirtySecondsPerQuarter};
}

/// The track-name meta event; names longer than libsmf can read back are cut at a UTF-8 character boundary.
Bytes track_name_meta(const std::string& name) {
  size_t length = std::min<size_t>(name.size(), kMaxMetaTextBytes);
  while (length > 0 && length < name.size() && (static_cast<unsigned char>(name[length]) & 0xC0) == 0x80) --length;
  Bytes bytes{kMetaEvent, kMetaTrackName, static_cast<unsigned char>(length)};
  bytes.insert(bytes.end(), name.begin(), name.begin() + static_cast<std::ptrdiff_t>(length));
  return bytes;
}

SmfPtr new_smf(const std::filesystem::path& path, int ticks_per_quarter, int format) {
  silence_libsmf_logging();
  SmfPtr smf(smf_new());
  if (!smf || smf_set_ppqn(smf.get(), ticks_per_quarter) != 0 || smf_set_format(smf.get(), format) != 0) {
    throw Error(path.string() + ": libsmf cannot create a MIDI file");
  }
  return smf;
}

smf_track_t* new_track(smf_t* smf) {
  smf_track_t* track = smf_track_new();
  smf_add_track(smf, track);
  return track;
}

void add_event(const std::filesystem::path& path, smf_track_t* track, Bytes bytes, int64_t tick) {
  smf_event_t* event = smf_event_new_from_pointer(bytes.data(), static_cast<int>(bytes.size()));
  if (event == nullptr) throw Error(path.string() + ": libsmf cannot create a MIDI event");
  smf_track_add_event_pulses(track, event, static_cast<int>(tick));
}

void add_events(const std::filesystem::path& path, smf_track_t* track, const std::vector<TimedEvent>& events) {
  for (const TimedEvent& e : events) add_event(path, track, {e.bytes.begin(), e.bytes.end()}, e.tick);
}

void end_track(const std::filesystem::path& path, smf_track_t* track, int64_t tick) {
  if (smf_track_add_eot_pulses(track, static_cast<int>(tick)) != 0) {
    throw Error(path.string() + ": libsmf cannot end the MIDI track");
  }
}

void save_atomically(smf_t* smf, const std::filesystem::path& path) {
  io::AtomicFile out(path);
  out.stream().close();  // libsmf writes the temporary file itself
  clear_libsmf_message();
  if (smf_save(smf, out.temp_path().c_str()) != 0) {
    throw Error(path.string() + ": cannot write MIDI file" + libsmf_detail());
  }
  out.commit();
}

/// Checks a track (program, channel, notes within 0..n_steps) and returns its note events, overlaps untangled.
std::vector<TimedEvent> track_events(const std::filesystem::path& path, const Track& track, int64_t n_steps,
                                     int64_t ticks_per_step) {
  const std::string where = "track \"" + track.name + "\": ";
  check_range(path, where + "program", track.program, 0, kMaxMidiValue);
  check_range(path, where + "channel", track.channel, 0, kNumMidiChannels - 1);
  std::vector<TimedEvent> events;
  for (const Note& note : track.notes) {
    check_note(path, where, note, ticks_per_step);
    check_range(path, where + "note velocity", note.velocity, 1, kMaxMidiValue);
    if (note.end_step > n_steps) {
      throw InputError(path.string() + ": " + where + "note ending at step " + std::to_string(note.end_step) +
                       " is past the piece's end " + std::to_string(n_steps));
    }
  }
  for (const Note& note : playable_notes(track.notes)) {
    append_note_events(note, track.channel, note.velocity, ticks_per_step, events);
  }
  sort_events(events);
  return events;
}

}  // namespace

void write_melody_midi(const Melody& melody, const std::filesystem::path& path, const MidiWriteOptions& options) {
  check_range(path, "tempo (qpm)", options.qpm, kMinMidiQpm, kMaxMidiQpm);
  check_range(path, "program", options.program, 0, kMaxMidiValue);
  check_range(path, "velocity", options.velocity, 0, kMaxMidiValue);
  check_range(path, "channel", options.channel, 0, kNumMidiChannels - 1);
  const int64_t ticks_per_step = ticks_per_step_of(path, options.ticks_per_quarter);
  if (melody.n_steps > kMaxMidiTicks / ticks_per_step) {
    throw InputError(path.string() + ": melody too long for a MIDI file");
  }

  std::vector<TimedEvent> events;
  int64_t end_tick = melody.n_steps * ticks_per_step;
  for (const Note& note : melody.notes) {
    check_note(path, "", note, ticks_per_step);
    const int velocity = options.velocity > 0 ? options.velocity : note.velocity;
    check_range(path, "note velocity", velocity, 1, kMaxMidiValue);
    append_note_events(note, options.channel, velocity, ticks_per_step, events);
    end_tick = std::max(end_tick, note.end_step * ticks_per_step);
  }
  if (end_tick > kMaxMidiTicks) throw InputError(path.string() + ": melody too long for a MIDI file");
  sort_events(events);

  SmfPtr smf = new_smf(path, options.ticks_per_quarter, 0);
  smf_track_t* track = new_track(smf.get());
  add_event(path, track, tempo_meta(options.qpm), 0);
  add_event(path, track, four_four_meta(), 0);
  add_event(path, track, {static_cast<unsigned char>(kStatusProgramChange | options.channel),
                          static_cast<unsigned char>(options.program)}, 0);
  add_events(path, track, events);
  end_track(path, track, end_tick);
  save_atomically(smf.get(), path);
}

void write_tracks_midi(const std::vector<Track>& tracks, int64_t n_steps, const std::filesystem::path& path,
                       const TracksMidiOptions& options) {
  check_range(path, "tempo (qpm)", options.qpm, kMinMidiQpm, kMaxMidiQpm);
  check_range(path, "key signature sharps", options.key_sharps, -kMaxKeySharps, kMaxKeySharps);
  const int64_t ticks_per_step = ticks_per_step_of(path, options.ticks_per_quarter);
  if (n_steps < 0 || n_steps > kMaxMidiTicks / ticks_per_step) {
    throw InputError(path.string() + ": piece length " + std::to_string(n_steps) + " steps is negative or too long");
  }
  const int64_t end_tick = n_steps * ticks_per_step;
  std::vector<std::vector<TimedEvent>> events;
  for (const Track& track : tracks) events.push_back(track_events(path, track, n_steps, ticks_per_step));

  SmfPtr smf = new_smf(path, options.ticks_per_quarter, 1);
  smf_track_t* conductor = new_track(smf.get());
  add_event(path, conductor, tempo_meta(options.qpm), 0);
  add_event(path, conductor, four_four_meta(), 0);
  if (options.key_signature) {
    add_event(path, conductor, {kMetaEvent, kMetaKeySignature, kKeySignatureBytes,
                                static_cast<unsigned char>(static_cast<int8_t>(options.key_sharps)),
                                static_cast<unsigned char>(options.key_minor ? 1 : 0)}, 0);
  }
  end_track(path, conductor, end_tick);
  for (size_t i = 0; i < tracks.size(); ++i) {
    smf_track_t* track = new_track(smf.get());
    add_event(path, track, track_name_meta(tracks[i].name), 0);
    if (!tracks[i].is_drum()) {
      add_event(path, track, {static_cast<unsigned char>(kStatusProgramChange | tracks[i].channel),
                              static_cast<unsigned char>(tracks[i].program)}, 0);
    }
    add_events(path, track, events[i]);
    end_track(path, track, end_tick);
  }
  save_atomically(smf.get(), path);
}

}  // namespace vec2midi::music
