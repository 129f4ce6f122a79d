#include "music/event_codec.hpp"

#include <string>

#include "io/error.hpp"

namespace vec2midi::music {

std::vector<uint8_t> melody_to_events(const Melody& melody, int64_t n_steps) {
  std::vector<uint8_t> events(static_cast<size_t>(n_steps), kNoEvent);
  int64_t previous_end = -1;
  for (const Note& note : melody.notes) {
    if (note.pitch < kMinPitch || note.pitch > kMaxPitch) {
      throw InputError("melody pitch " + std::to_string(note.pitch) + " outside " + std::to_string(kMinPitch) +
                       ".." + std::to_string(kMaxPitch));
    }
    if (note.start_step < 0 || note.start_step >= n_steps || note.end_step <= note.start_step) {
      throw InputError("note at step " + std::to_string(note.start_step) + ".." + std::to_string(note.end_step) +
                       " does not fit a melody of " + std::to_string(n_steps) + " steps");
    }
    if (note.start_step < previous_end) {
      throw InputError("notes overlap at step " + std::to_string(note.start_step) + ": melody is not monophonic");
    }
    events[static_cast<size_t>(note.start_step)] = static_cast<uint8_t>(note_on_event(note.pitch));
    // A NOTE_OFF marks the end unless the sequence ends there; a later note-on may overwrite it.
    if (note.end_step < n_steps) events[static_cast<size_t>(note.end_step)] = kNoteOff;
    previous_end = note.end_step;
  }
  return events;
}

Melody events_to_melody(std::span<const uint8_t> events) {
  Melody melody;
  melody.n_steps = static_cast<int64_t>(events.size());
  bool sounding = false;
  for (int64_t step = 0; step < melody.n_steps; ++step) {
    const int event = events[static_cast<size_t>(step)];
    if (event >= kNumMelodyEvents) {
      throw InputError("melody event " + std::to_string(event) + " at step " + std::to_string(step) +
                       " is outside 0.." + std::to_string(kNumMelodyEvents - 1));
    }
    if (event == kNoEvent) continue;
    if (sounding) melody.notes.back().end_step = step;
    sounding = false;
    if (event != kNoteOff) {
      melody.notes.push_back(Note{.pitch = event_pitch(event), .start_step = step, .end_step = step + 1});
      sounding = true;
    }
  }
  if (sounding) melody.notes.back().end_step = melody.n_steps;
  return melody;
}

}  // namespace vec2midi::music
