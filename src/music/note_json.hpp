// Melodies given as JSON note lists [[pitch, start, end], ...] in 16th-note steps (the layout of
// ../shared/golden/melody_distance_examples.json), and the `melody-distance --pairs` file built of them.
// Usage: auto pairs = parse_melody_pairs(text, "pairs.json"); melody_features(pairs[0].first);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "music/melody.hpp"

namespace vec2midi::music {

/// Latest note end a note list may give, steps (2^30 steps = 13 M bars: far beyond any melody).
inline constexpr int64_t kMaxNoteListStep = int64_t(1) << 30;

/// The notes of `notes` ([pitch, start, end] integers, pitch 0..127, 0 <= start < end), sorted by onset
/// (stable); n_steps = the last note's end. Throws InputError naming `where` and the note.
Melody melody_from_note_list(const nlohmann::json& notes, const std::string& where);

/// The pairs of {"pairs": [{"a": NOTES, "b": NOTES}, ...]}. Throws InputError naming `name`, the pair
/// and the note when the text is not JSON of that layout.
std::vector<std::pair<Melody, Melody>> parse_melody_pairs(std::string_view text, const std::string& name);

}  // namespace vec2midi::music
