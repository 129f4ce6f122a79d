#include "music/playable_notes.hpp"

#include <algorithm>
#include <map>

namespace vec2midi::music {

std::vector<Note> playable_notes(const std::vector<Note>& notes) {
  std::vector<Note> sorted = notes;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Note& a, const Note& b) {
    return a.start_step != b.start_step ? a.start_step < b.start_step : a.pitch < b.pitch;
  });
  std::vector<Note> out;
  out.reserve(sorted.size());
  std::map<int, size_t> last_of_pitch;  // index in `out` of the latest note of each pitch
  for (const Note& note : sorted) {
    const auto it = last_of_pitch.find(note.pitch);
    if (it != last_of_pitch.end()) {
      Note& earlier = out[it->second];
      if (earlier.start_step == note.start_step) {
        earlier.end_step = std::max(earlier.end_step, note.end_step);
        earlier.velocity = std::max(earlier.velocity, note.velocity);
        continue;
      }
      earlier.end_step = std::min(earlier.end_step, note.start_step);
    }
    last_of_pitch[note.pitch] = out.size();
    out.push_back(note);
  }
  return out;
}

}  // namespace vec2midi::music
