#include "compose/phrase_ending.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "compose/harmony.hpp"
#include "compose/key_fitting.hpp"
#include "music/constants.hpp"

namespace vec2midi::compose {

namespace {

constexpr size_t kTonicDegree = 0;
constexpr size_t kDominantDegree = 4;

// The pitch classes a phrase may end on.
std::vector<int> stable_pitch_classes(music::Key key, bool final_phrase) {
  if (final_phrase) return {music::pitch_class(key.tonic)};
  const auto triads = diatonic_triads(key);
  std::vector<int> classes;
  for (size_t degree : {kTonicDegree, kDominantDegree}) {
    for (int pc : chord_pitch_classes(triads[degree])) classes.push_back(pc);
  }
  return classes;
}

}  // namespace

music::Melody end_on_stable_note(const music::Melody& phrase, music::Key key, bool final_phrase) {
  if (phrase.notes.empty()) return phrase;
  music::Melody ended = phrase;
  music::Note& last = ended.notes.back();
  std::optional<int> previous;
  if (ended.notes.size() > 1) previous = ended.notes[ended.notes.size() - 2].pitch;
  last.pitch = snap_to_pitch_classes(last.pitch, stable_pitch_classes(key, final_phrase), previous);
  const int64_t beat = music::kStepsPerQuarter;
  const int64_t next_beat = (last.end_step + beat - 1) / beat * beat;
  last.end_step = std::max(last.end_step, std::min(next_beat, phrase.n_steps));
  return ended;
}

}  // namespace vec2midi::compose
