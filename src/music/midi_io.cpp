#include "music/midi_io.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "io/atomic_file.hpp"
#include "io/error.hpp"
#include "music/smf_handle.hpp"
#include "music/smf_sanitizer.hpp"

// Reading MIDI files; writing them is in midi_write.cpp.

namespace vec2midi::music {

namespace {

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

/// Keeps a key signature (meta 0x59: sharps as a signed byte, then 0 major / 1 minor); others are ignored.
void read_key_signature(const unsigned char* data, int64_t tick, MidiFile& file) {
  const int sharps = static_cast<int8_t>(data[0]);
  if (sharps < -kMaxKeySharps || sharps > kMaxKeySharps || data[1] > 1) return;
  file.key_signatures.push_back(MidiKeySignature{.tick = tick, .sharps = sharps, .minor = data[1] == 1});
}

void read_track(smf_track_t* smf_track, int index, int ticks_per_quarter, MidiFile& file) {
  MidiTrack track;
  track.index = index;
  bool have_name = false;
  std::array<int, kNumMidiChannels> program{};  // per-channel program, reset for each track as pretty_midi does
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
      } else if (type == kMetaKeySignature && length == kKeySignatureBytes) {
        read_key_signature(data, tick, file);
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
  clear_libsmf_message();
  SmfPtr smf(smf_load_from_memory(clean.data(), static_cast<int>(clean.size())));
  if (!smf) {
    throw InputError(name + ": not a readable MIDI file" + libsmf_detail());
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
  sort_and_keep_last_per_tick(file.key_signatures);
  for (MidiKeySignature& key : file.key_signatures) key.quarter = static_cast<double>(key.tick) / tpq;
  file.length_quarters = static_cast<double>(file.length_ticks) / tpq;
  file.length_seconds = ticks_to_seconds(file.tempos, file.length_ticks, file.ticks_per_quarter);
  return file;
}

}  // namespace vec2midi::music
