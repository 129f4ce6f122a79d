// Named constants of the melody representation (MusicVAE's 16th-note grid and 90-event vocabulary).
// Usage: if (pitch < kMinPitch || pitch > kMaxPitch) ...;  n_steps = n_bars * kStepsPerBar;
#pragma once

#include <cstdint>

namespace vec2midi::music {

inline constexpr int kStepsPerQuarter = 4;    ///< 16th-note steps (Magenta steps_per_quarter)
inline constexpr int kQuartersPerBar = 4;     ///< 4/4 time
inline constexpr int kStepsPerBar = kStepsPerQuarter * kQuartersPerBar;  ///< 16 steps per 4/4 bar
inline constexpr int kWindowBars = 2;          ///< MusicVAE 2-bar melodies
inline constexpr int kWindowSteps = kWindowBars * kStepsPerBar;  ///< 32 steps

inline constexpr int kMinPitch = 21;   ///< lowest MIDI pitch (A0), Magenta MelodyConverter min_pitch
inline constexpr int kMaxPitch = 108;  ///< highest MIDI pitch (C8), Magenta MelodyConverter max_pitch

inline constexpr int kNoEvent = 0;   ///< hold the previous note (or rest)
inline constexpr int kNoteOff = 1;   ///< end the sounding note
inline constexpr int kNumSpecialEvents = 2;
inline constexpr int kNumMelodyEvents = kNumSpecialEvents + (kMaxPitch - kMinPitch + 1);  ///< 90 events

inline constexpr double kDefaultQpm = 120.0;  ///< tempo in quarter notes per minute
inline constexpr int kDefaultVelocity = 100;  ///< MIDI velocity of generated notes (magenta.js default)
inline constexpr int kDrumChannel = 9;        ///< MIDI channel 10, zero-based

/// The event of a note-on of `pitch` (kMinPitch..kMaxPitch).
constexpr int note_on_event(int pitch) { return pitch - kMinPitch + kNumSpecialEvents; }
/// The pitch of a note-on `event` (kNumSpecialEvents..kNumMelodyEvents-1).
constexpr int event_pitch(int event) { return event - kNumSpecialEvents + kMinPitch; }

}  // namespace vec2midi::music
