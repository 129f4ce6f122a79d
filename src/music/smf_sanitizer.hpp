// A strict check of Standard MIDI File bytes before libsmf sees them (libsmf trusts its input and
// reads meta lengths as one byte), and their re-encoding in the plain form libsmf parses correctly.
// Usage: std::string clean = sanitize_smf(bytes, "tune.mid");  // then smf_load_from_memory(clean...)
#pragma once

#include <string>
#include <string_view>

namespace vec2midi::music {

/// Validates `bytes` as a format-0/1 SMF with metrical (ticks per quarter) time and returns an
/// equivalent file holding only what vec2midi reads: channel messages (with explicit status bytes, so
/// running status is resolved here), track names (cut to 127 bytes), tempo, time and key signatures,
/// and an end-of-track event closing each track. System-exclusive and other meta events are dropped;
/// unknown chunks are skipped. Throws InputError "<name>: <problem> at byte <offset>" for an empty,
/// truncated or malformed file, format 2, SMPTE time, a zero division, an absurd tempo (outside
/// kMinMidiQpm..kMaxMidiQpm), an invalid time signature, a track longer than kMaxMidiTicks or more than
/// kMaxMidiEvents events.
std::string sanitize_smf(std::string_view bytes, const std::string& name);

}  // namespace vec2midi::music
