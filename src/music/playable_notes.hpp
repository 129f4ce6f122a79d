// Notes as one MIDI channel can sound them: a channel has a single voice per pitch, so a note that starts
// while an earlier note of its pitch still sounds must end that one there (else the earlier note-off would
// silence the later note). Used by the MIDI writer and the synthesiser alike.
// Usage: for (const Note& n : playable_notes(track.notes)) { ... }
#pragma once

#include <vector>

#include "music/note.hpp"

namespace vec2midi::music {

/// `notes` sorted by start step, then pitch (stably), with each note of a pitch ended at the start of the
/// next note of that pitch if it was still sounding; notes of one pitch that start together are merged into
/// one (the longest end, the loudest velocity). Notes that do not overlap come back unchanged.
std::vector<Note> playable_notes(const std::vector<Note>& notes);

}  // namespace vec2midi::music
