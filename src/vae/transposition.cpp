#include "vae/transposition.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "io/error.hpp"
#include "io/random.hpp"
#include "music/constants.hpp"
#include "vae/sampling.hpp"

namespace vec2midi::vae {

std::pair<int, int> transposition_bounds(std::span<const uint8_t> events, int range) {
  int lo = -range;
  int hi = range;
  for (const uint8_t e : events) {
    if (e < music::kNumSpecialEvents) continue;
    const int pitch = music::event_pitch(e);
    lo = std::max(lo, music::kMinPitch - pitch);
    hi = std::min(hi, music::kMaxPitch - pitch);
  }
  return {lo, hi};
}

void transpose_events(std::span<uint8_t> events, int semitones) {
  if (semitones == 0) return;
  for (uint8_t& e : events) {
    if (e < music::kNumSpecialEvents) continue;
    const int pitch = music::event_pitch(e) + semitones;
    if (pitch < music::kMinPitch || pitch > music::kMaxPitch) {
      throw Error("transposition by " + std::to_string(semitones) + " semitones moves pitch " +
                  std::to_string(pitch - semitones) + " outside " + std::to_string(music::kMinPitch) + ".." +
                  std::to_string(music::kMaxPitch));
    }
    e = static_cast<uint8_t>(music::note_on_event(pitch));
  }
}

int random_transposition(std::span<const uint8_t> events, int range, std::mt19937_64& rng) {
  const auto [lo, hi] = transposition_bounds(events, range);
  const double u = io::uniform01(rng);
  const int offset = static_cast<int>(std::floor(u * static_cast<double>(hi - lo + 1)));
  return lo + std::min(offset, hi - lo);
}

}  // namespace vec2midi::vae
