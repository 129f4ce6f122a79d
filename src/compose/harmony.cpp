#include "compose/harmony.hpp"

#include <algorithm>

#include "io/error.hpp"
#include "music/constants.hpp"

namespace vec2midi::compose {

namespace {

constexpr int kNumDegrees = music::kScaleSize;
constexpr int kMajorThird = 4;
constexpr int kMinorThird = 3;
constexpr int kPerfectFifth = 7;
constexpr int kDiminishedFifth = 6;
constexpr int64_t kHalfBar = music::kStepsPerBar / 2;

using SegmentScores = std::array<double, kNumDegrees>;

bool chord_has(const Chord& chord, int pitch) {
  const auto pcs = chord_pitch_classes(chord);
  return std::find(pcs.begin(), pcs.end(), music::pitch_class(pitch)) != pcs.end();
}

// Score of each diatonic triad for the melody in steps [begin, end), before priors and transitions.
SegmentScores segment_scores(const music::Melody& melody, const std::array<Chord, kNumDegrees>& triads, int64_t begin,
                             int64_t end, const HarmonyOptions& options) {
  SegmentScores scores{};
  for (const music::Note& note : melody.notes) {
    const int64_t overlap = std::min(end, note.end_step) - std::max(begin, note.start_step);
    if (overlap <= 0) continue;
    const bool struck_strong = note.start_step >= begin && on_strong_beat(note.start_step);
    for (size_t d = 0; d < triads.size(); ++d) {
      if (chord_has(triads[d], note.pitch)) {
        scores[d] += options.chord_tone_weight * static_cast<double>(overlap);
        if (struck_strong) scores[d] += options.strong_chord_tone_bonus;
      } else if (struck_strong) {
        scores[d] -= options.strong_non_chord_tone_cost;
      }
    }
  }
  return scores;
}

double change_score(int64_t boundary, const HarmonyOptions& options) {
  const bool bar_start = boundary % music::kStepsPerBar == 0;
  return -options.change_cost + (bar_start ? options.bar_start_change_bonus : -options.mid_bar_change_cost);
}

// The best degree per segment (Viterbi over segments; ties keep the previous chord, then the lower degree).
std::vector<int> best_degrees(const std::vector<SegmentScores>& local, const std::vector<int64_t>& starts,
                              const HarmonyOptions& options) {
  const size_t n = local.size();
  std::vector<SegmentScores> total(n);
  std::vector<std::array<int, kNumDegrees>> from(n);
  total[0] = local[0];
  for (size_t s = 1; s < n; ++s) {
    const double change = change_score(starts[s], options);
    for (int c = 0; c < kNumDegrees; ++c) {
      int best = c;
      double best_score = total[s - 1][static_cast<size_t>(c)];
      for (int p = 0; p < kNumDegrees; ++p) {
        const double score = total[s - 1][static_cast<size_t>(p)] + change;
        if (p != c && score > best_score) {
          best = p;
          best_score = score;
        }
      }
      from[s][static_cast<size_t>(c)] = best;
      total[s][static_cast<size_t>(c)] = best_score + local[s][static_cast<size_t>(c)];
    }
  }
  std::vector<int> degrees(n);
  degrees[n - 1] = static_cast<int>(std::max_element(total[n - 1].begin(), total[n - 1].end()) - total[n - 1].begin());
  for (size_t s = n - 1; s > 0; --s) degrees[s - 1] = from[s][static_cast<size_t>(degrees[s])];
  return degrees;
}

}  // namespace

std::array<int, 3> chord_pitch_classes(const Chord& chord) {
  const int third = chord.quality == ChordQuality::kMajor ? kMajorThird : kMinorThird;
  const int fifth = chord.quality == ChordQuality::kDiminished ? kDiminishedFifth : kPerfectFifth;
  return {music::pitch_class(chord.root), music::pitch_class(chord.root + third), music::pitch_class(chord.root + fifth)};
}

std::string chord_name(const Chord& chord, music::Key key) {
  const std::string root = music::pitch_class_name(chord.root, key);
  switch (chord.quality) {
    case ChordQuality::kMajor: return root;
    case ChordQuality::kMinor: return root + "m";
    case ChordQuality::kDiminished: return root + "dim";
  }
  return root;
}

std::array<Chord, 7> diatonic_triads(music::Key key) {
  const auto scale = music::scale_pitch_classes(key);
  std::array<Chord, 7> triads{};
  for (size_t d = 0; d < triads.size(); ++d) {
    const int root = scale[d];
    const int third = music::pitch_class(scale[(d + 2) % scale.size()] - root);
    const int fifth = music::pitch_class(scale[(d + 4) % scale.size()] - root);
    triads[d].root = root;
    triads[d].quality = third == kMajorThird              ? ChordQuality::kMajor
                        : fifth == kDiminishedFifth ? ChordQuality::kDiminished
                                                    : ChordQuality::kMinor;
  }
  return triads;
}

bool on_strong_beat(int64_t step) {
  const int64_t in_bar = ((step % music::kStepsPerBar) + music::kStepsPerBar) % music::kStepsPerBar;
  return in_bar % kHalfBar == 0;
}

std::vector<Chord> harmonise(const music::Melody& melody, music::Key key, const HarmonyOptions& options) {
  if (options.steps_per_chord <= 0) {
    throw InputError("harmony: steps per chord must be positive, got " + std::to_string(options.steps_per_chord));
  }
  if (melody.n_steps <= 0) return {};
  const auto triads = diatonic_triads(key);
  const auto& prior = key.mode == music::Mode::kMajor ? options.major_degree_prior : options.minor_degree_prior;
  std::vector<int64_t> starts;
  std::vector<SegmentScores> local;
  for (int64_t begin = 0; begin < melody.n_steps; begin += options.steps_per_chord) {
    const int64_t end = std::min(melody.n_steps, begin + options.steps_per_chord);
    SegmentScores scores = segment_scores(melody, triads, begin, end, options);
    for (size_t d = 0; d < scores.size(); ++d) scores[d] += prior[d];
    starts.push_back(begin);
    local.push_back(scores);
  }
  local.front()[0] += options.first_tonic_bonus;
  local.back()[0] += options.final_tonic_bonus;
  const std::vector<int> degrees = best_degrees(local, starts, options);
  std::vector<Chord> chords;
  for (size_t s = 0; s < degrees.size(); ++s) {
    const int64_t end = std::min(melody.n_steps, starts[s] + options.steps_per_chord);
    if (s > 0 && degrees[s] == degrees[s - 1]) {
      chords.back().end_step = end;
      continue;
    }
    Chord chord = triads[static_cast<size_t>(degrees[s])];
    chord.start_step = starts[s];
    chord.end_step = end;
    chords.push_back(chord);
  }
  return chords;
}

double strong_beat_chord_tone_share(const music::Melody& melody, const std::vector<Chord>& chords) {
  int64_t n_strong = 0, n_chord_tones = 0;
  for (const music::Note& note : melody.notes) {
    if (!on_strong_beat(note.start_step)) continue;
    ++n_strong;
    const auto sounding = std::find_if(chords.begin(), chords.end(), [&](const Chord& c) {
      return c.start_step <= note.start_step && note.start_step < c.end_step;
    });
    if (sounding != chords.end() && chord_has(*sounding, note.pitch)) ++n_chord_tones;
  }
  return n_strong == 0 ? 1.0 : static_cast<double>(n_chord_tones) / static_cast<double>(n_strong);
}

}  // namespace vec2midi::compose
