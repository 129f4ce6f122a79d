#include "music/smf_sanitizer.hpp"

#include <cstdint>
#include <cstdio>

#include "io/error.hpp"
#include "music/midi_io.hpp"

namespace vec2midi::music {

namespace {

constexpr uint8_t kMetaEvent = 0xFF;
constexpr uint8_t kSysexStart = 0xF0;
constexpr uint8_t kSysexEscape = 0xF7;
constexpr uint8_t kMetaTrackName = 0x03;
constexpr uint8_t kMetaEndOfTrack = 0x2F;
constexpr uint8_t kMetaTempo = 0x51;
constexpr uint8_t kMetaTimeSignature = 0x58;
constexpr uint8_t kMetaKeySignature = 0x59;
constexpr size_t kMaxMetaTextBytes = 127;  // libsmf reads a meta length as a single byte
constexpr int kMaxVarlenBytes = 4;         // SMF variable-length quantities hold 28 bits
constexpr int kMaxDenominatorPower = 6;    // time signature denominators up to 64

std::string hex_byte(unsigned value) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", value & 0xFFu);
  return buf;
}

/// Reads the input with bounds checks; every failure names the file and the byte offset.
class ByteReader {
 public:
  ByteReader(std::string_view bytes, const std::string& name) : bytes_(bytes), name_(name) {}

  [[noreturn]] void fail(const std::string& problem, size_t at) const {
    throw InputError(name_ + ": " + problem + " at byte " + std::to_string(at));
  }
  [[noreturn]] void fail(const std::string& problem) const { fail(problem, pos_); }

  size_t pos() const { return pos_; }
  size_t size() const { return bytes_.size(); }
  void seek(size_t pos) { pos_ = pos; }

  uint8_t u8(size_t end, const char* what) {
    if (pos_ >= end) fail(std::string("truncated MIDI: file ends inside ") + what);
    return static_cast<uint8_t>(bytes_[pos_++]);
  }
  uint32_t be(size_t n_bytes, size_t end, const char* what) {
    uint32_t value = 0;
    for (size_t i = 0; i < n_bytes; ++i) value = (value << 8) | u8(end, what);
    return value;
  }
  /// A variable-length quantity of at most four bytes.
  uint32_t varlen(size_t end, const char* what) {
    const size_t start = pos_;
    uint32_t value = 0;
    for (int i = 0; i < kMaxVarlenBytes; ++i) {
      const uint8_t byte = u8(end, what);
      value = (value << 7) | (byte & 0x7Fu);
      if ((byte & 0x80u) == 0) return value;
    }
    fail(std::string("malformed variable-length number (more than four bytes) in ") + what, start);
  }
  std::string_view take(size_t n, size_t end, const char* what) {
    if (n > end - pos_) fail(std::string("truncated MIDI: ") + what + " runs past the end of its track");
    const std::string_view out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }

 private:
  std::string_view bytes_;
  const std::string& name_;
  size_t pos_ = 0;
};

void put_be(std::string& out, uint32_t value, int n_bytes) {
  for (int i = n_bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFu));
}

void put_varlen(std::string& out, uint32_t value) {
  char buf[kMaxVarlenBytes + 1];  // values are at most kMaxMidiTicks (28 bits), one spare byte
  int n = 0;
  buf[n++] = static_cast<char>(value & 0x7Fu);
  while ((value >>= 7) != 0) buf[n++] = static_cast<char>((value & 0x7Fu) | 0x80u);
  while (n > 0) out.push_back(buf[--n]);
}

/// Re-encodes one track: the events kept, each with an explicit status byte and a delta time from the
/// previous kept event.
class TrackWriter {
 public:
  explicit TrackWriter(int64_t& n_events) : n_events_(n_events) {}
  void event(int64_t tick, std::initializer_list<uint8_t> bytes) {
    start(tick);
    for (uint8_t b : bytes) body_.push_back(static_cast<char>(b));
  }
  void meta(int64_t tick, uint8_t type, std::string_view data) {
    start(tick);
    body_.push_back(static_cast<char>(kMetaEvent));
    body_.push_back(static_cast<char>(type));
    put_varlen(body_, static_cast<uint32_t>(data.size()));
    body_.append(data);
  }
  std::string chunk() const {
    std::string out = "MTrk";
    put_be(out, static_cast<uint32_t>(body_.size()), 4);
    return out + body_;
  }

 private:
  void start(int64_t tick) {
    ++n_events_;
    put_varlen(body_, static_cast<uint32_t>(tick - last_tick_));
    last_tick_ = tick;
  }
  std::string body_;
  int64_t last_tick_ = 0;
  int64_t& n_events_;  // events kept in the whole file so far
};

int channel_data_bytes(uint8_t status) {
  const uint8_t kind = status & 0xF0u;
  return (kind == 0xC0 || kind == 0xD0) ? 1 : 2;  // program change and channel pressure carry one byte
}

/// Validates one meta event (after its status byte) and keeps what a melody needs; true at the end of the track.
bool sanitize_meta(ByteReader& reader, size_t end, int64_t tick, const std::string& where, size_t event_start,
                   TrackWriter& writer) {
  const uint8_t type = reader.u8(end, "a meta event");
  if (type >= 0x80) reader.fail(where + ": malformed meta event type " + hex_byte(type));
  const uint32_t length = reader.varlen(end, "a meta event length");
  const std::string_view data = reader.take(length, end, "a meta event");
  switch (type) {
    case kMetaEndOfTrack:
      writer.meta(tick, kMetaEndOfTrack, {});
      return true;
    case kMetaTempo: {
      if (length != 3) reader.fail(where + ": tempo event of length " + std::to_string(length), event_start);
      const uint32_t us = (uint32_t(uint8_t(data[0])) << 16) | (uint32_t(uint8_t(data[1])) << 8) |
                          uint32_t(uint8_t(data[2]));
      const double qpm = us == 0 ? 0.0 : 60e6 / us;
      if (us == 0 || qpm < kMinMidiQpm || qpm > kMaxMidiQpm) {
        reader.fail(where + ": absurd tempo of " + std::to_string(us) + " microseconds per quarter note (" +
                        (us == 0 ? std::string("infinite") : std::to_string(qpm)) + " qpm)",
                    event_start);
      }
      writer.meta(tick, kMetaTempo, data);
      break;
    }
    case kMetaTimeSignature: {
      if (length < 2) reader.fail(where + ": time signature event of length " + std::to_string(length), event_start);
      const uint8_t numerator = uint8_t(data[0]), power = uint8_t(data[1]);
      if (numerator == 0 || power > kMaxDenominatorPower) {
        reader.fail(where + ": invalid time signature " + std::to_string(numerator) + "/2^" + std::to_string(power),
                    event_start);
      }
      const uint8_t clocks = length >= 3 ? uint8_t(data[2]) : 24, thirty_seconds = length >= 4 ? uint8_t(data[3]) : 8;
      const char ts[4] = {char(numerator), char(power), char(clocks), char(thirty_seconds)};
      writer.meta(tick, kMetaTimeSignature, std::string_view(ts, 4));
      break;
    }
    case kMetaKeySignature:
      if (length == 2) writer.meta(tick, kMetaKeySignature, data);
      break;
    case kMetaTrackName:
      writer.meta(tick, kMetaTrackName, data.substr(0, kMaxMetaTextBytes));
      break;
    default:
      break;  // other meta events (text, lyrics, markers, sequencer data) are not needed
  }
  return false;
}

/// Validates one MTrk body [reader.pos(), end) and returns its re-encoded chunk.
std::string sanitize_track(ByteReader& reader, size_t end, int track_index, int64_t& n_events) {
  TrackWriter writer(n_events);
  int64_t tick = 0;
  uint8_t running_status = 0;
  const std::string where = "track " + std::to_string(track_index);
  while (reader.pos() < end) {
    const size_t event_start = reader.pos();
    if (n_events >= kMaxMidiEvents) {
      reader.fail("more than " + std::to_string(kMaxMidiEvents) + " events: too large for a melody file", event_start);
    }
    tick += reader.varlen(end, "a delta time");
    if (tick > kMaxMidiTicks) {
      reader.fail(where + " is absurdly long (" + std::to_string(tick) + " ticks)", event_start);
    }
    uint8_t status = reader.u8(end, "an event");
    if (status < 0x80) {  // a data byte: running status
      if (running_status == 0) reader.fail(where + ": data byte " + hex_byte(status) + " without a status byte");
      reader.seek(reader.pos() - 1);
      status = running_status;
    }
    if (status == kMetaEvent) {
      if (sanitize_meta(reader, end, tick, where, event_start, writer)) return writer.chunk();  // bytes after it are ignored
    } else if (status == kSysexStart || status == kSysexEscape) {
      const uint32_t length = reader.varlen(end, "a system-exclusive length");
      reader.take(length, end, "a system-exclusive event");
    } else if (status >= 0xF0) {
      reader.fail(where + ": unexpected status byte " + hex_byte(status) + " in a MIDI file", event_start);
    } else {
      running_status = status;
      uint8_t data[2] = {0, 0};
      const int n_data = channel_data_bytes(status);
      for (int i = 0; i < n_data; ++i) {
        data[i] = reader.u8(end, "a channel message");
        if (data[i] >= 0x80) reader.fail(where + ": data byte " + hex_byte(data[i]) + " has its high bit set");
      }
      if (n_data == 1) {
        writer.event(tick, {status, data[0]});
      } else {
        writer.event(tick, {status, data[0], data[1]});
      }
    }
  }
  writer.meta(tick, kMetaEndOfTrack, {});  // a missing end-of-track event is tolerated
  return writer.chunk();
}

bool is_chunk_id(std::string_view id) {
  for (char c : id) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

}  // namespace

std::string sanitize_smf(std::string_view bytes, const std::string& name) {
  ByteReader reader(bytes, name);
  constexpr size_t kHeaderBytes = 14;
  if (bytes.empty()) throw InputError(name + ": empty file, not a MIDI file");
  if (bytes.size() < kHeaderBytes) {
    throw InputError(name + ": too short to be a MIDI file (" + std::to_string(bytes.size()) + " bytes)");
  }
  if (bytes.substr(0, 4) != "MThd") throw InputError(name + ": not a MIDI file (no MThd header)");
  reader.seek(4);
  const uint32_t header_length = reader.be(4, bytes.size(), "the header");
  if (header_length < 6 || header_length > bytes.size() - 8) {
    reader.fail("malformed MIDI header length " + std::to_string(header_length), 4);
  }
  const uint32_t format = reader.be(2, bytes.size(), "the header");
  const uint32_t n_tracks = reader.be(2, bytes.size(), "the header");
  const uint32_t division = reader.be(2, bytes.size(), "the header");
  if (format == 2) reader.fail("MIDI format 2 (independent sequences) is not supported", 8);
  if (format > 2) reader.fail("invalid MIDI format " + std::to_string(format), 8);
  if (n_tracks == 0) reader.fail("MIDI header declares no tracks", 10);
  if ((division & 0x8000u) != 0) reader.fail("SMPTE time division is not supported (only ticks per quarter)", 12);
  if (division == 0) reader.fail("absurd time division of 0 ticks per quarter note", 12);

  std::string tracks;
  uint32_t n_found = 0;
  int64_t n_events = 0;
  size_t pos = 8 + header_length;
  while (n_found < n_tracks) {
    if (pos >= bytes.size()) {
      reader.fail("truncated MIDI: header declares " + std::to_string(n_tracks) + " tracks but the file holds " +
                      std::to_string(n_found),
                  pos);
    }
    if (bytes.size() - pos < 8) reader.fail("truncated MIDI: file ends inside a chunk header", pos);
    const std::string_view id = bytes.substr(pos, 4);
    reader.seek(pos + 4);
    const uint32_t length = reader.be(4, bytes.size(), "a chunk header");
    const size_t body = pos + 8;
    if (length > bytes.size() - body) {
      reader.fail("truncated MIDI: chunk declares " + std::to_string(length) + " bytes but only " +
                      std::to_string(bytes.size() - body) + " remain",
                  pos);
    }
    if (id == "MTrk") {
      reader.seek(body);
      tracks += sanitize_track(reader, body + length, static_cast<int>(n_found), n_events);
      ++n_found;
    } else if (!is_chunk_id(id)) {
      reader.fail("malformed MIDI: expected a track chunk", pos);
    }  // else: an unknown chunk, skipped as the standard asks
    pos = body + length;
  }

  std::string out = "MThd";
  put_be(out, 6, 4);
  put_be(out, n_found > 1 ? 1 : format, 2);  // a "format 0" file with several tracks is read as format 1
  put_be(out, n_found, 2);
  put_be(out, division, 2);
  return out + tracks;
}

}  // namespace vec2midi::music
