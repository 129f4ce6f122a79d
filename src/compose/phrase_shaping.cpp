#include "compose/phrase_shaping.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "compose/pitch_range.hpp"
#include "music/constants.hpp"

namespace vec2midi::compose {
namespace {

constexpr int kOctave = 12;

}  // namespace

music::Melody tie_repeated_notes(const music::Melody& melody, const PhraseShapingOptions& options) {
  music::Melody out{.notes = {}, .n_steps = melody.n_steps};
  const auto& notes = melody.notes;
  const auto short_note = [&](const music::Note& n) { return n.duration() <= options.max_tied_length; };
  for (size_t i = 0; i < notes.size();) {
    size_t j = i + 1;  // the run is notes[i, j)
    if (short_note(notes[i])) {
      while (j < notes.size() && notes[j].pitch == notes[i].pitch && notes[j].start_step == notes[j - 1].end_step &&
             short_note(notes[j])) {
        ++j;
      }
    }
    if (int64_t(j - i) >= options.min_tied_run) {
      music::Note held = notes[i];
      held.end_step = notes[j - 1].end_step;
      out.notes.push_back(held);
    } else {
      out.notes.insert(out.notes.end(), notes.begin() + std::ptrdiff_t(i), notes.begin() + std::ptrdiff_t(j));
    }
    i = j;
  }
  return out;
}

music::Melody fold_register_outliers(const music::Melody& melody, const PhraseShapingOptions& options) {
  if (melody.notes.empty()) return melody;
  std::vector<int> pitches;
  for (const music::Note& n : melody.notes) pitches.push_back(n.pitch);
  std::nth_element(pitches.begin(), pitches.begin() + std::ptrdiff_t(pitches.size() / 2), pitches.end());
  const int median = pitches[pitches.size() / 2];
  music::Melody out = melody;
  for (music::Note& n : out.notes) {
    while (n.pitch - median > options.max_leap_from_median && n.pitch - kOctave >= music::kMinPitch) n.pitch -= kOctave;
    while (median - n.pitch > options.max_leap_from_median && n.pitch + kOctave <= music::kMaxPitch) n.pitch += kOctave;
  }
  return out;
}

int centre_octaves(const music::Melody& melody, const PhraseShapingOptions& options) {
  if (melody.notes.empty()) return 0;
  const double mean = mean_pitch(melody);
  if (mean < options.register_low) return int(std::ceil((options.register_low - mean) / kOctave));
  if (mean > options.register_high) return -int(std::ceil((mean - options.register_high) / kOctave));
  return 0;
}

music::Melody shift_octaves(const music::Melody& melody, int octaves) {
  music::Melody out = melody;
  for (music::Note& n : out.notes) n.pitch = fold_into_pitch_range(n.pitch + kOctave * octaves);
  return out;
}

}  // namespace vec2midi::compose
