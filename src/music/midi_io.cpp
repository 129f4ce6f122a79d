#include "music/midi_io.hpp"

#include <glib.h>  // before smf.h, which includes it inside extern "C"
#include <smf.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <utility>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "music/smf_sanitizer.hpp"

namespace vec2midi::music {

namespace {

constexpr int kNumChannels = 16;
constexpr int kNumMidiPitches = 128;
constexpr int kMaxMidiValue = 127;
constexpr double kMicrosecondsPerMinute = 60e6;
// Status bytes (high nibble for channel messages) and meta-event types of the SMF specification.
constexpr int kStatusNoteOff = 0x80;
constexpr int kStatusNoteOn = 0x90;
constexpr int kStatusProgramChange = 0xC0;
constexpr int kMetaEvent = 0xFF;
constexpr int kMetaTrackName = 0x03;
constexpr int kMetaTempo = 0x51;
constexpr int kMetaTimeSignature = 0x58;
constexpr int kTempoBytes = 3;
constexpr int kTimeSignatureBytes = 4;

// libsmf reports problems through GLib logging; a bad file must give exactly one error line (ours), so
// its messages are kept (per thread) for our error text instead of being printed.
thread_local std::string last_smf_message;

void keep_smf_message(const gchar* /*domain*/, GLogLevelFlags /*level*/, const gchar* message, gpointer /*data*/) {
  last_smf_message = message != nullptr ? message : "";
}

void silence_libsmf_logging() {
  static std::once_flag once;
  std::call_once(once, [] {
    const auto levels = static_cast<GLogLevelFlags>(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION);
    g_log_set_handler("libsmf", levels, keep_smf_message, nullptr);
  });
}

// smf_delete() frees each track's events one by one through smf_event_remove_from_track(), which
// searches and renumbers the track every time: quadratic, about 20 ms for a 3,400-event POP909 file.
// Detached events (track == NULL) are freed without that bookkeeping, so the events are detached,
// freed, and the emptied tracks handed to smf_delete().
struct SmfDeleter {
  void operator()(smf_t* smf) const {
    for (int t = 1; t <= smf->number_of_tracks; ++t) {
      smf_track_t* track = smf_get_track_by_number(smf, t);
      if (track == nullptr) continue;
      for (guint i = 0; i < track->events_array->len; ++i) {
        auto* event = static_cast<smf_event_t*>(g_ptr_array_index(track->events_array, i));
        event->track = nullptr;
        smf_event_delete(event);
      }
      g_ptr_array_set_size(track->events_array, 0);
      track->number_of_events = 0;
    }
    smf_delete(smf);
  }
};
using SmfPtr = std::unique_ptr<smf_t, SmfDeleter>;

/// Note-on/note-off pairing with pretty_midi's rules (the reader under Magenta's midi_io): a note-off
/// (or note-on of velocity 0) closes every open note of its channel and pitch that began at an earlier
/// tick; notes opened at the same tick stay open only if some earlier note was closed, else they vanish.
class NotePairer {
 public:
  explicit NotePairer(std::vector<MidiNote>& out) : out_(out) {}

  void on(int channel, int pitch, int velocity, int program, int64_t tick) {
    open_[key(channel, pitch)].push_back(Open{tick, velocity, program});
  }

  void off(int channel, int pitch, int64_t tick) {
    auto it = open_.find(key(channel, pitch));
    if (it == open_.end()) return;  // a spurious note-off
    std::vector<Open> keep;
    bool closed_any = false;
    for (const Open& o : it->second) {
      if (o.tick == tick) {
        keep.push_back(o);
        continue;
      }
      out_.push_back(MidiNote{.pitch = pitch, .velocity = o.velocity, .channel = channel, .program = o.program,
                              .start_tick = o.tick, .end_tick = tick});
      closed_any = true;
    }
    if (closed_any && !keep.empty()) {
      it->second = std::move(keep);
    } else {
      open_.erase(it);
    }
  }
  // Notes still open at the end of the track are dropped, as pretty_midi does.

 private:
  struct Open {
    int64_t tick;
    int velocity;
    int program;
  };
  static int key(int channel, int pitch) { return channel * kNumMidiPitches + pitch; }
  std::vector<MidiNote>& out_;
  std::map<int, std::vector<Open>> open_;
};

/// Keeps the last of several entries at the same tick (a later event overrides an earlier one).
template <typename T>
void sort_and_keep_last_per_tick(std::vector<T>& items) {
  std::stable_sort(items.begin(), items.end(), [](const T& a, const T& b) { return a.tick < b.tick; });
  std::vector<T> out;
  for (const T& item : items) {
    if (!out.empty() && out.back().tick == item.tick) {
      out.back() = item;
    } else {
      out.push_back(item);
    }
  }
  items = std::move(out);
}

double ticks_to_seconds(const std::vector<MidiTempo>& tempos, int64_t tick, int ticks_per_quarter) {
  auto it = std::upper_bound(tempos.begin(), tempos.end(), tick,
                             [](int64_t t, const MidiTempo& tempo) { return t < tempo.tick; });
  const MidiTempo& tempo = *std::prev(it);  // tempos[0] is at tick 0
  return tempo.seconds + static_cast<double>(tick - tempo.tick) / ticks_per_quarter * 60.0 / tempo.qpm;
}

void read_track(smf_track_t* smf_track, int index, int ticks_per_quarter, MidiFile& file) {
  MidiTrack track;
  track.index = index;
  bool have_name = false;
  std::array<int, kNumChannels> program{};  // per-channel program, reset for each track as pretty_midi does
  NotePairer pairer(track.notes);
  for (int e = 1; e <= smf_track->number_of_events; ++e) {
    const smf_event_t* event = smf_track_get_event_by_number(smf_track, e);
    if (event == nullptr || event->midi_buffer_length < 1) continue;
    const unsigned char* b = event->midi_buffer;
    const int n = event->midi_buffer_length;
    const int64_t tick = event->time_pulses;
    file.length_ticks = std::max(file.length_ticks, tick);
    if (b[0] == kMetaEvent) {
      // The sanitizer guarantees one-byte lengths and the sizes checked here.
      if (n < 3) continue;
      const int type = b[1], length = b[2];
      const unsigned char* data = b + 3;
      if (3 + length > n) continue;
      if (type == kMetaTrackName && !have_name) {
        track.name.assign(reinterpret_cast<const char*>(data), static_cast<size_t>(length));
        have_name = true;
      } else if (type == kMetaTempo && length == kTempoBytes) {
        const int64_t us = (int64_t(data[0]) << 16) | (int64_t(data[1]) << 8) | int64_t(data[2]);
        file.tempos.push_back(MidiTempo{.tick = tick, .microseconds_per_quarter = us, .qpm = kMicrosecondsPerMinute / us});
      } else if (type == kMetaTimeSignature && length == kTimeSignatureBytes) {
        file.time_signatures.push_back(MidiTimeSignature{.tick = tick, .numerator = data[0], .denominator = 1 << data[1]});
      }
      continue;
    }
    const int kind = b[0] & 0xF0, channel = b[0] & 0x0F;
    if (kind == kStatusProgramChange && n >= 2) {
      program[channel] = b[1];
    } else if ((kind == kStatusNoteOn || kind == kStatusNoteOff) && n >= 3) {
      const int pitch = b[1], velocity = b[2];
      if (kind == kStatusNoteOn && velocity > 0) {
        pairer.on(channel, pitch, velocity, program[channel], tick);
      } else {
        pairer.off(channel, pitch, tick);
      }
    }
  }
  std::stable_sort(track.notes.begin(), track.notes.end(), [](const MidiNote& a, const MidiNote& b) {
    return a.start_tick != b.start_tick ? a.start_tick < b.start_tick : a.pitch < b.pitch;
  });
  std::set<int> channels, programs;
  for (MidiNote& note : track.notes) {
    note.start_quarter = static_cast<double>(note.start_tick) / ticks_per_quarter;
    note.end_quarter = static_cast<double>(note.end_tick) / ticks_per_quarter;
    channels.insert(note.channel);
    programs.insert(note.program);
  }
  track.channels.assign(channels.begin(), channels.end());
  track.programs.assign(programs.begin(), programs.end());
  track.is_drum = !track.notes.empty() && channels == std::set<int>{kDrumChannel};
  file.tracks.push_back(std::move(track));
}

void check_range(const std::filesystem::path& path, const char* what, double value, double lo, double hi) {
  if (!(value >= lo && value <= hi)) {
    throw InputError(path.string() + ": " + what + " " + std::to_string(value) + " outside " + std::to_string(lo) +
                     ".." + std::to_string(hi));
  }
}

}  // namespace

int64_t MidiFile::n_notes() const {
  int64_t n = 0;
  for (const MidiTrack& t : tracks) n += static_cast<int64_t>(t.notes.size());
  return n;
}

MidiFile read_midi(const std::filesystem::path& path) {
  return read_midi_bytes(io::read_file(path, kMaxMidiFileBytes), path.string());
}

MidiFile read_midi_bytes(std::string_view bytes, const std::string& name) {
  if (bytes.size() > kMaxMidiFileBytes) {
    throw InputError(name + ": file too large for a MIDI file (" + std::to_string(bytes.size()) + " bytes)");
  }
  const std::string clean = sanitize_smf(bytes, name);
  silence_libsmf_logging();
  last_smf_message.clear();
  SmfPtr smf(smf_load_from_memory(clean.data(), static_cast<int>(clean.size())));
  if (!smf) {
    throw InputError(name + ": not a readable MIDI file" +
                     (last_smf_message.empty() ? std::string() : " (libsmf: " + last_smf_message + ")"));
  }
  MidiFile file;
  file.source = name;
  file.format = (static_cast<uint8_t>(bytes[8]) << 8) | static_cast<uint8_t>(bytes[9]);  // checked by the sanitizer
  file.ticks_per_quarter = smf->ppqn;
  for (int t = 1; t <= smf->number_of_tracks; ++t) {
    smf_track_t* track = smf_get_track_by_number(smf.get(), t);
    if (track != nullptr) read_track(track, t - 1, file.ticks_per_quarter, file);
  }

  const double tpq = file.ticks_per_quarter;
  sort_and_keep_last_per_tick(file.tempos);
  if (file.tempos.empty() || file.tempos.front().tick != 0) {
    file.tempos.insert(file.tempos.begin(),
                       MidiTempo{.tick = 0, .microseconds_per_quarter = std::llround(kMicrosecondsPerMinute / kDefaultQpm)});
  }
  for (size_t i = 0; i < file.tempos.size(); ++i) {
    MidiTempo& tempo = file.tempos[i];
    tempo.quarter = static_cast<double>(tempo.tick) / tpq;
    if (i > 0) {
      const MidiTempo& prev = file.tempos[i - 1];
      tempo.seconds = prev.seconds + static_cast<double>(tempo.tick - prev.tick) / tpq * 60.0 / prev.qpm;
    }
  }
  sort_and_keep_last_per_tick(file.time_signatures);
  for (MidiTimeSignature& ts : file.time_signatures) ts.quarter = static_cast<double>(ts.tick) / tpq;
  file.length_quarters = static_cast<double>(file.length_ticks) / tpq;
  file.length_seconds = ticks_to_seconds(file.tempos, file.length_ticks, file.ticks_per_quarter);
  return file;
}

void write_melody_midi(const Melody& melody, const std::filesystem::path& path, const MidiWriteOptions& options) {
  check_range(path, "tempo (qpm)", options.qpm, kMinMidiQpm, kMaxMidiQpm);
  check_range(path, "program", options.program, 0, kMaxMidiValue);
  check_range(path, "velocity", options.velocity, 0, kMaxMidiValue);
  check_range(path, "channel", options.channel, 0, kNumChannels - 1);
  if (options.ticks_per_quarter < kStepsPerQuarter || options.ticks_per_quarter > 0x7FFF ||
      options.ticks_per_quarter % kStepsPerQuarter != 0) {
    throw InputError(path.string() + ": ticks per quarter " + std::to_string(options.ticks_per_quarter) +
                     " must be a multiple of " + std::to_string(kStepsPerQuarter) + " up to 32767");
  }
  const int64_t ticks_per_step = options.ticks_per_quarter / kStepsPerQuarter;

  // (tick, order, bytes): note-offs sort before note-ons at the same tick.
  struct Timed {
    int64_t tick;
    int order;
    std::array<unsigned char, 3> bytes;
  };
  std::vector<Timed> events;
  const auto status = [&](int kind) { return static_cast<unsigned char>(kind | options.channel); };
  int64_t end_tick = melody.n_steps * ticks_per_step;
  for (const Note& note : melody.notes) {
    check_range(path, "note pitch", note.pitch, 0, kMaxMidiValue);
    if (note.start_step < 0 || note.end_step <= note.start_step) {
      throw InputError(path.string() + ": note at steps " + std::to_string(note.start_step) + ".." +
                       std::to_string(note.end_step) + " is empty or negative");
    }
    const int velocity = options.velocity > 0 ? options.velocity : note.velocity;
    check_range(path, "note velocity", velocity, 1, kMaxMidiValue);
    const auto pitch = static_cast<unsigned char>(note.pitch);
    events.push_back({note.start_step * ticks_per_step, 1, {status(kStatusNoteOn), pitch, static_cast<unsigned char>(velocity)}});
    events.push_back({note.end_step * ticks_per_step, 0, {status(kStatusNoteOff), pitch, 0}});
    end_tick = std::max(end_tick, note.end_step * ticks_per_step);
  }
  if (end_tick > kMaxMidiTicks) throw InputError(path.string() + ": melody too long for a MIDI file");
  std::stable_sort(events.begin(), events.end(),
                   [](const Timed& a, const Timed& b) { return a.tick != b.tick ? a.tick < b.tick : a.order < b.order; });

  silence_libsmf_logging();
  SmfPtr smf(smf_new());
  if (!smf || smf_set_ppqn(smf.get(), options.ticks_per_quarter) != 0 || smf_set_format(smf.get(), 0) != 0) {
    throw Error(path.string() + ": libsmf cannot create a MIDI file");
  }
  smf_track_t* track = smf_track_new();
  smf_add_track(smf.get(), track);
  const auto add = [&](std::vector<unsigned char> bytes, int64_t tick) {
    smf_event_t* event = smf_event_new_from_pointer(bytes.data(), static_cast<int>(bytes.size()));
    if (event == nullptr) throw Error(path.string() + ": libsmf cannot create a MIDI event");
    smf_track_add_event_pulses(track, event, static_cast<int>(tick));
  };
  const auto us = static_cast<uint32_t>(std::llround(kMicrosecondsPerMinute / options.qpm));
  add({kMetaEvent, kMetaTempo, kTempoBytes, static_cast<unsigned char>(us >> 16), static_cast<unsigned char>(us >> 8),
       static_cast<unsigned char>(us)},
      0);
  // 4/4: numerator, denominator as a power of two, 24 MIDI clocks per click, 8 32nds per quarter.
  add({kMetaEvent, kMetaTimeSignature, kTimeSignatureBytes, static_cast<unsigned char>(kQuartersPerBar), 2, 24, 8}, 0);
  add({status(kStatusProgramChange), static_cast<unsigned char>(options.program)}, 0);
  for (const Timed& e : events) add({e.bytes.begin(), e.bytes.end()}, e.tick);
  if (smf_track_add_eot_pulses(track, static_cast<int>(end_tick)) != 0) {
    throw Error(path.string() + ": libsmf cannot end the MIDI track");
  }

  io::AtomicFile out(path);
  out.stream().close();  // libsmf writes the temporary file itself
  if (smf_save(smf.get(), out.temp_path().c_str()) != 0) {
    throw Error(path.string() + ": cannot write MIDI file" +
                (last_smf_message.empty() ? std::string() : " (libsmf: " + last_smf_message + ")"));
  }
  out.commit();
}

}  // namespace vec2midi::music
