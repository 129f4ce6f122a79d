#include "compose/pitch_range.hpp"

#include "music/constants.hpp"

namespace vec2midi::compose {

namespace {
constexpr int kOctave = 12;
}

int fold_into_pitch_range(int pitch) {
  while (pitch < music::kMinPitch) pitch += kOctave;
  while (pitch > music::kMaxPitch) pitch -= kOctave;
  return pitch;
}

double mean_pitch(const music::Melody& melody) {
  double sum = 0;
  for (const music::Note& n : melody.notes) sum += n.pitch;
  return melody.notes.empty() ? 0.0 : sum / double(melody.notes.size());
}

}  // namespace vec2midi::compose
