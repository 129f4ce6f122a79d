#include "music/melody_distance.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "io/error.hpp"

namespace vec2midi::music {

namespace {

// 1/w_k for 0-based k, w_k = log2(k/2 + 2): MISSION.md §4's w = log2(k + 1), k = 1..L/2, each twice
// (the original: np.repeat(np.log2(np.arange(2, L//2 + 2)), 2)). Tabulated for the lines decoded
// melodies have; longer lines (whole MIDI files) compute it.
constexpr int64_t kTabulatedLineLength = 512;

const std::array<double, kTabulatedLineLength>& inverse_weight_table() {
  static const std::array<double, kTabulatedLineLength> table = [] {
    std::array<double, kTabulatedLineLength> t{};
    for (int64_t k = 0; k < kTabulatedLineLength; ++k) t[k] = 1.0 / std::log2(static_cast<double>(k / 2 + 2));
    return t;
  }();
  return table;
}

inline double inverse_weight(int64_t k, const std::array<double, kTabulatedLineLength>& table) {
  return k < kTabulatedLineLength ? table[k] : 1.0 / std::log2(static_cast<double>(k / 2 + 2));
}

// Value k of a line of `length` tiled past its end. Pitch lines repeat; time lines repeat their
// increments [0, diff(T)] and keep running, so period q adds q * T[last] (T[0] = 0 by construction).
inline double tiled_pitch(const std::vector<double>& line, int64_t length, int64_t k) {
  return line[k % length];
}
inline double tiled_time(const std::vector<double>& line, int64_t length, int64_t k) {
  return static_cast<double>(k / length) * line[length - 1] + line[k % length];
}

}  // namespace

MelodyFeatures melody_features(const Melody& melody) {
  MelodyFeatures f;
  const auto& notes = melody.notes;
  if (notes.empty()) return f;
  const size_t n_notes = notes.size();
  f.first = notes.front().pitch / kFirstPitchScale;
  f.pitch_line.reserve(2 * n_notes);
  f.time_line.reserve(2 * n_notes);
  double pitch = 0.0;  // cumsum of the clipped steps, starting at 0 for the first note
  for (size_t i = 0; i < n_notes; ++i) {
    if (i > 0) {
      const double step = static_cast<double>(notes[i].pitch - notes[i - 1].pitch);
      pitch += std::clamp(step, -kMaxPitchStep, kMaxPitchStep);
    }
    f.pitch_line.push_back(pitch);
    f.pitch_line.push_back(pitch);
  }
  double elapsed = 0.0;  // c_i = d_1 + ... + d_i; gaps between notes do not advance it
  f.time_line.push_back(0.0);
  for (size_t i = 0; i < n_notes; ++i) {
    elapsed += static_cast<double>(notes[i].duration());
    f.time_line.push_back(elapsed);
    if (i + 1 < n_notes) f.time_line.push_back(elapsed);
  }
  return f;
}

MelodyDistanceParts melody_distance_parts(const MelodyFeatures& x, const MelodyFeatures& y, bool positive,
                                          bool penalty_enabled) {
  MelodyDistanceParts parts;
  const double sign = positive ? 1.0 : -1.0;
  if (x.empty() || y.empty()) {
    parts.empty = true;
    parts.total = sign * kEmptyMelodyDistance;
    return parts;
  }
  const int64_t lx = x.line_length();
  const int64_t ly = y.line_length();
  const int64_t length = std::max(lx, ly);
  if (penalty_enabled && (length < kMinUnpenalisedLineLength || length > kMaxUnpenalisedLineLength)) {
    parts.penalty = sign * kLengthPenalty;
  }
  // Σ_k over the common length; the shorter melody is tiled (only one of lx, ly is < length).
  const auto& table = inverse_weight_table();
  double pitch_sum = 0.0;
  double time_sum = 0.0;
  double inverse_weight_sum = 0.0;
  for (int64_t k = 0; k < length; ++k) {
    const double px = lx == length ? x.pitch_line[k] : tiled_pitch(x.pitch_line, lx, k);
    const double py = ly == length ? y.pitch_line[k] : tiled_pitch(y.pitch_line, ly, k);
    const double tx = lx == length ? x.time_line[k] : tiled_time(x.time_line, lx, k);
    const double ty = ly == length ? y.time_line[k] : tiled_time(y.time_line, ly, k);
    const double inv_w = inverse_weight(k, table);
    pitch_sum += std::abs(px - py) / kPitchScale * inv_w;
    time_sum += std::log1p(std::abs(tx - ty) / kTimeScale) * inv_w;
    inverse_weight_sum += inv_w;
  }
  // mean_k(s_k / Σ_j 1/w_j) = Σ_k s_k / (L · Σ_j 1/w_j)
  const double normaliser = static_cast<double>(length) * inverse_weight_sum;
  parts.pitch_term = pitch_sum / normaliser;
  parts.time_term = time_sum / normaliser;
  parts.first_note_term = kFirstNoteWeight * std::abs(x.first - y.first);
  parts.total = parts.pitch_term + parts.time_term + parts.first_note_term + parts.penalty;
  return parts;
}

double melody_distance(const MelodyFeatures& x, const MelodyFeatures& y, bool positive, bool penalty_enabled) {
  return melody_distance_parts(x, y, positive, penalty_enabled).total;
}

void melody_distances(std::span<const MelodyFeaturePair> pairs, bool positive, bool penalty_enabled,
                      std::span<double> out) {
  if (out.size() != pairs.size()) {
    throw Error("melody_distances: " + std::to_string(pairs.size()) + " pairs but room for " +
                std::to_string(out.size()) + " results");
  }
  for (size_t i = 0; i < pairs.size(); ++i) {
    if (pairs[i].x == nullptr || pairs[i].y == nullptr) {
      throw Error("melody_distances: pair " + std::to_string(i) + " has no features");
    }
    out[i] = melody_distance(*pairs[i].x, *pairs[i].y, positive, penalty_enabled);
  }
}

std::vector<double> melody_distances(std::span<const MelodyFeaturePair> pairs, bool positive,
                                     bool penalty_enabled) {
  std::vector<double> out(pairs.size());
  melody_distances(pairs, positive, penalty_enabled, out);
  return out;
}

}  // namespace vec2midi::music
