// Data augmentation by transposition, as Magenta's NoteSequenceAugmenter(transpose_range=(-5, 5)) for
// MusicVAE, applied to one event window at batch time: every note-on moves by the same number of
// semitones, chosen uniformly among the shifts in -r..+r that keep all notes inside 21..108.
// Usage: std::mt19937_64 rng(seed); int shift = random_transposition(window, 5, rng); transpose_events(window, shift);
#pragma once

#include <cstdint>
#include <random>
#include <span>
#include <utility>

namespace vec2midi::vae {

/// The shifts [lo, hi] within -range..+range that keep every note-on of `events` inside
/// kMinPitch..kMaxPitch; (-range, range) for a window without notes. lo <= 0 <= hi always.
std::pair<int, int> transposition_bounds(std::span<const uint8_t> events, int range);

/// Adds `semitones` to every note-on event in place (NO_EVENT and NOTE_OFF stay). The caller keeps the
/// notes in range (transposition_bounds); throws vec2midi::Error if a note would leave it.
void transpose_events(std::span<uint8_t> events, int semitones);

/// A shift drawn uniformly from transposition_bounds(events, range) with one draw of `rng`.
int random_transposition(std::span<const uint8_t> events, int range, std::mt19937_64& rng);

}  // namespace vec2midi::vae
