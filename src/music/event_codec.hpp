// Melody <-> 90-event sequence, with Magenta's MelodyConverter semantics (MISSION.md §3):
// 0 NO_EVENT (hold), 1 NOTE_OFF, 2..89 note-on of pitch 21..108. A note ends at the next
// note-on, at a NOTE_OFF, or at the end of the sequence.
// Usage: auto events = melody_to_events(m, 32); Melody back = events_to_melody(events);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "music/melody.hpp"

namespace vec2midi::music {

/// Encodes `melody` as `n_steps` events. Notes outside kMinPitch..kMaxPitch or starting at or after
/// `n_steps` throw InputError; a note reaching past `n_steps` is cut at the end.
std::vector<uint8_t> melody_to_events(const Melody& melody, int64_t n_steps);

/// Decodes events (each < kNumMelodyEvents, else InputError) to a melody of events.size() steps.
Melody events_to_melody(std::span<const uint8_t> events);

}  // namespace vec2midi::music
