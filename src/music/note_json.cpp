#include "music/note_json.hpp"

#include <algorithm>
#include <cstdint>

#include "io/error.hpp"

namespace vec2midi::music {

Melody melody_from_note_list(const nlohmann::json& notes, const std::string& where) {
  if (!notes.is_array()) throw InputError(where + ": expected a list of [pitch, start, end] notes");
  Melody m;
  for (size_t i = 0; i < notes.size(); ++i) {
    const auto& n = notes[i];
    const std::string at = where + " note " + std::to_string(i);
    // Integers only, and none beyond int64 (nlohmann keeps those as unsigned; get<int64_t> would wrap).
    const auto in_range = [](const nlohmann::json& v) {
      return v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX));
    };
    if (!n.is_array() || n.size() != 3 || !std::all_of(n.begin(), n.end(), in_range)) {
      throw InputError(at + ": expected [pitch, start, end] integers, got " + n.dump());
    }
    const auto pitch = n[0].get<int64_t>();
    const auto start = n[1].get<int64_t>();
    const auto end = n[2].get<int64_t>();
    if (pitch < 0 || pitch > 127) throw InputError(at + ": pitch " + n[0].dump() + " is not 0..127");
    if (start < 0 || end <= start || end > kMaxNoteListStep) {
      throw InputError(at + ": needs 0 <= start < end <= " + std::to_string(kMaxNoteListStep) + ", got " + n.dump());
    }
    m.notes.push_back({.pitch = static_cast<int>(pitch), .start_step = start, .end_step = end});
  }
  std::stable_sort(m.notes.begin(), m.notes.end(), [](const Note& a, const Note& b) { return a.start_step < b.start_step; });
  m.n_steps = m.notes.empty() ? 0 : m.notes.back().end_step;
  return m;
}

std::vector<std::pair<Melody, Melody>> parse_melody_pairs(std::string_view text, const std::string& name) {
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) throw InputError(name + ": not valid JSON");
  if (!doc.is_object() || !doc.contains("pairs") || !doc["pairs"].is_array()) {
    throw InputError(name + ": expected {\"pairs\": [{\"a\": [...], \"b\": [...]}, ...]}");
  }
  const auto& pairs = doc["pairs"];
  std::vector<std::pair<Melody, Melody>> out;
  out.reserve(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    const std::string where = name + ": pair " + std::to_string(i);
    if (!pairs[i].is_object() || !pairs[i].contains("a") || !pairs[i].contains("b")) {
      throw InputError(where + ": needs \"a\" and \"b\"");
    }
    out.emplace_back(melody_from_note_list(pairs[i]["a"], where + " a"), melody_from_note_list(pairs[i]["b"], where + " b"));
  }
  return out;
}

}  // namespace vec2midi::music
