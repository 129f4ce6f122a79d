// Hand-built Standard MIDI File bytes for tests, written from the SMF 1.0 specification (not from the
// code under test): header chunk, track chunks, variable-length delta times.
// Usage: SmfTrack t; t.tempo(0, 500000).note(0, 0, 60, 100, 480).end();
//        std::string bytes = smf_file(1, 480, {t});
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace vec2midi::testing {

inline std::string smf_varlen(uint32_t value) {
  std::string out(1, static_cast<char>(value & 0x7F));
  while ((value >>= 7) != 0) out.insert(out.begin(), static_cast<char>((value & 0x7F) | 0x80));
  return out;
}

inline std::string smf_be(uint32_t value, int n_bytes) {
  std::string out;
  for (int i = n_bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  return out;
}

/// One MTrk chunk under construction; every method takes the delta time before its event.
struct SmfTrack {
  std::string body;

  SmfTrack& raw(uint32_t delta, std::initializer_list<int> bytes) {
    body += smf_varlen(delta);
    for (int b : bytes) body.push_back(static_cast<char>(b));
    return *this;
  }
  SmfTrack& meta(uint32_t delta, int type, const std::string& data) {
    body += smf_varlen(delta);
    body.push_back(static_cast<char>(0xFF));
    body.push_back(static_cast<char>(type));
    body += smf_varlen(static_cast<uint32_t>(data.size())) + data;
    return *this;
  }
  SmfTrack& name(uint32_t delta, const std::string& text) { return meta(delta, 0x03, text); }
  SmfTrack& tempo(uint32_t delta, uint32_t microseconds_per_quarter) {
    return meta(delta, 0x51, smf_be(microseconds_per_quarter, 3));
  }
  /// Time signature numerator / 2^denominator_power.
  SmfTrack& time_signature(uint32_t delta, int numerator, int denominator_power) {
    return meta(delta, 0x58, std::string{static_cast<char>(numerator), static_cast<char>(denominator_power), 24, 8});
  }
  SmfTrack& program(uint32_t delta, int channel, int program) { return raw(delta, {0xC0 | channel, program}); }
  SmfTrack& on(uint32_t delta, int channel, int pitch, int velocity) {
    return raw(delta, {0x90 | channel, pitch, velocity});
  }
  SmfTrack& off(uint32_t delta, int channel, int pitch) { return raw(delta, {0x80 | channel, pitch, 64}); }
  /// A note-on after `delta` and its note-off `length` ticks later.
  SmfTrack& note(uint32_t delta, int channel, int pitch, int velocity, uint32_t length) {
    return on(delta, channel, pitch, velocity).off(length, channel, pitch);
  }
  SmfTrack& end(uint32_t delta = 0) { return meta(delta, 0x2F, ""); }

  std::string chunk() const { return "MTrk" + smf_be(static_cast<uint32_t>(body.size()), 4) + body; }
};

/// A whole file: MThd (format, number of tracks, division) followed by the tracks.
inline std::string smf_file(int format, int ticks_per_quarter, const std::vector<SmfTrack>& tracks) {
  std::string out = "MThd" + smf_be(6, 4) + smf_be(static_cast<uint32_t>(format), 2) +
                    smf_be(static_cast<uint32_t>(tracks.size()), 2) + smf_be(static_cast<uint32_t>(ticks_per_quarter), 2);
  for (const SmfTrack& t : tracks) out += t.chunk();
  return out;
}

}  // namespace vec2midi::testing
