// What the MIDI reader and writer (midi_io.cpp, midi_write.cpp) share about libsmf: an owning handle that
// frees a file's events quickly, GLib log messages kept for our own error text, and SMF byte constants.
// Usage: silence_libsmf_logging(); SmfPtr smf(smf_new()); if (!smf) throw Error(name + libsmf_detail());
#pragma once

#include <glib.h>  // before smf.h, which includes it inside extern "C"
#include <smf.h>

#include <memory>
#include <string>

namespace vec2midi::music {

inline constexpr int kNumMidiChannels = 16;
inline constexpr int kNumMidiPitches = 128;
inline constexpr int kMaxMidiValue = 127;        ///< largest 7-bit data byte (pitch, velocity, program)
inline constexpr double kMicrosecondsPerMinute = 60e6;
// Status bytes (high nibble for channel messages) and meta-event types of the SMF specification.
inline constexpr int kStatusNoteOff = 0x80;
inline constexpr int kStatusNoteOn = 0x90;
inline constexpr int kStatusProgramChange = 0xC0;
inline constexpr int kMetaEvent = 0xFF;
inline constexpr int kMetaTrackName = 0x03;
inline constexpr int kMetaTempo = 0x51;
inline constexpr int kMetaTimeSignature = 0x58;
inline constexpr int kMetaKeySignature = 0x59;
inline constexpr int kTempoBytes = 3;
inline constexpr int kTimeSignatureBytes = 4;
inline constexpr int kKeySignatureBytes = 2;
inline constexpr int kMaxKeySharps = 7;          ///< a key signature has -7 (seven flats) .. 7 sharps
inline constexpr int kMaxMetaTextBytes = 127;    ///< libsmf reads a meta event's length as a single byte

/// Frees an smf_t. smf_delete() alone frees each event through smf_event_remove_from_track(), which
/// searches and renumbers the track every time: quadratic, about 20 ms for a 3,400-event POP909 file.
/// Detached events (track == NULL) are freed without that bookkeeping, so they are detached first.
struct SmfDeleter {
  void operator()(smf_t* smf) const;
};
using SmfPtr = std::unique_ptr<smf_t, SmfDeleter>;

/// Routes libsmf's GLib log messages (once per process) into a per-thread buffer instead of stderr:
/// a bad file must give exactly one error line, ours.
void silence_libsmf_logging();

/// Forgets the last libsmf message of this thread.
void clear_libsmf_message();

/// " (libsmf: <last message>)", or "" when libsmf said nothing on this thread.
std::string libsmf_detail();

}  // namespace vec2midi::music
