#include "compose/key_fitting.hpp"

#include <algorithm>
#include <cstdlib>
#include <tuple>

#include "compose/pitch_range.hpp"
#include "music/constants.hpp"

namespace vec2midi::compose {

namespace {

bool has_class(std::span<const int> pitch_classes, int pitch) {
  return std::find(pitch_classes.begin(), pitch_classes.end(), music::pitch_class(pitch)) != pitch_classes.end();
}

int64_t notes_in_key(const music::Melody& melody, music::Key key, int shift) {
  int64_t n = 0;
  for (const music::Note& note : melody.notes) n += music::in_key(note.pitch + shift, key) ? 1 : 0;
  return n;
}

// True if transposing `from` by `shift` gives a key with the same scale as `to` (relative keys count).
bool same_scale_after(music::Key from, int shift, music::Key to) {
  auto a = music::scale_pitch_classes({.tonic = music::pitch_class(from.tonic + shift), .mode = from.mode});
  auto b = music::scale_pitch_classes(to);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

}  // namespace

int snap_to_pitch_classes(int pitch, std::span<const int> pitch_classes, std::optional<int> toward) {
  int result = pitch;
  for (int distance = 0; distance < music::kNumPitchClasses; ++distance) {
    const bool down = has_class(pitch_classes, pitch - distance);
    const bool up = has_class(pitch_classes, pitch + distance);
    if (down && up) {
      result = toward && *toward > pitch ? pitch + distance : pitch - distance;
      break;
    }
    if (down || up) {
      result = down ? pitch - distance : pitch + distance;
      break;
    }
  }
  return fold_into_pitch_range(result);
}

int key_shift(const music::Melody& melody, music::Key key) {
  if (melody.notes.empty()) return 0;
  const music::Key own = music::detect_key(melody);
  int best = 0;
  // Candidates in order of preference among equal shares: |shift| = 0, -1, +1, -2, +2, ...
  auto rank = [&](int shift) {
    return std::make_tuple(notes_in_key(melody, key, shift), same_scale_after(own, shift, key), -std::abs(shift),
                           -shift);
  };
  for (int shift = kMinKeyShift; shift <= kMaxKeyShift; ++shift) {
    if (rank(shift) > rank(best)) best = shift;
  }
  return best;
}

music::Melody fit_to_key(const music::Melody& melody, music::Key key) {
  const int shift = key_shift(melody, key);
  const auto scale = music::scale_pitch_classes(key);
  music::Melody fitted = melody;
  std::optional<int> previous;
  for (music::Note& note : fitted.notes) {
    const int moved = fold_into_pitch_range(note.pitch + shift);
    note.pitch = music::in_key(moved, key) ? moved : snap_to_pitch_classes(moved, scale, previous);
    previous = note.pitch;
  }
  return fitted;
}

double in_key_share(const music::Melody& melody, music::Key key) {
  if (melody.notes.empty()) return 1.0;
  return static_cast<double>(notes_in_key(melody, key, 0)) / static_cast<double>(melody.notes.size());
}

}  // namespace vec2midi::compose
