#include "compose/arrangement.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "compose/key_fitting.hpp"
#include "compose/phrase_ending.hpp"
#include "compose/phrase_shaping.hpp"
#include "compose/pitch_range.hpp"
#include "io/error.hpp"
#include "music/concatenate.hpp"

namespace vec2midi::compose {
namespace {

// Octave of the fallback note of a silent motif: the tonic nearest middle C.
constexpr int kMiddleC = 60;

bool bar_sounds(const music::Melody& m, int64_t bar) {
  const int64_t start = bar * music::kStepsPerBar, end = start + music::kStepsPerBar;
  return std::any_of(m.notes.begin(), m.notes.end(), [&](const music::Note& n) { return n.start_step < end && n.end_step > start; });
}

// The notes of `source`'s bar `from`, clipped to it and moved to bar `to`.
std::vector<music::Note> bar_notes(const music::Melody& source, int64_t from, int64_t to) {
  const int64_t start = from * music::kStepsPerBar, end = start + music::kStepsPerBar;
  const int64_t shift = (to - from) * music::kStepsPerBar;
  std::vector<music::Note> notes;
  for (music::Note n : source.notes) {
    if (n.start_step < start || n.start_step >= end) continue;
    n.end_step = std::min(n.end_step, end) + shift;
    n.start_step += shift;
    notes.push_back(n);
  }
  return notes;
}

// `phrase` moved by whole octaves so that its mean pitch lies nearest the motif's (the key stays).
music::Melody align_octave(music::Melody phrase, double motif_mean) {
  if (phrase.notes.empty() || motif_mean == 0.0) return phrase;
  int octaves = int(std::lround((motif_mean - mean_pitch(phrase)) / 12.0));
  const auto [lo, hi] = std::minmax_element(phrase.notes.begin(), phrase.notes.end(),
                                            [](const music::Note& a, const music::Note& b) { return a.pitch < b.pitch; });
  while (octaves > 0 && hi->pitch + 12 * octaves > music::kMaxPitch) --octaves;
  while (octaves < 0 && lo->pitch + 12 * octaves < music::kMinPitch) ++octaves;
  for (music::Note& n : phrase.notes) n.pitch += 12 * octaves;
  return phrase;
}

}  // namespace

music::Melody fill_silent_bars(const music::Melody& phrase, const music::Melody& motif, music::Key key, int64_t* n_filled) {
  const int64_t n_bars = (phrase.n_steps + music::kStepsPerBar - 1) / music::kStepsPerBar;
  const int64_t motif_bars = motif.n_steps / music::kStepsPerBar;
  std::vector<int64_t> motif_sounding;
  for (int64_t b = 0; b < motif_bars; ++b) {
    if (bar_sounds(motif, b) && !bar_notes(motif, b, b).empty()) motif_sounding.push_back(b);
  }
  music::Melody out = phrase;
  for (int64_t bar = 0; bar < n_bars; ++bar) {
    if (bar_sounds(phrase, bar)) continue;
    std::vector<music::Note> fill;
    if (!motif_sounding.empty()) {
      const int64_t same = bar % std::max<int64_t>(motif_bars, 1);
      const bool usable = std::find(motif_sounding.begin(), motif_sounding.end(), same) != motif_sounding.end();
      fill = bar_notes(motif, usable ? same : motif_sounding.front(), bar);
    } else {
      const int tonic = kMiddleC + key.tonic;  // C4..B4
      fill.push_back({.pitch = tonic > kMiddleC + 6 ? tonic - 12 : tonic, .start_step = bar * music::kStepsPerBar,
                      .end_step = (bar + 1) * music::kStepsPerBar});
    }
    for (music::Note& n : fill) n.end_step = std::min(n.end_step, out.n_steps);
    std::erase_if(fill, [](const music::Note& n) { return n.end_step <= n.start_step; });
    out.notes.insert(out.notes.end(), fill.begin(), fill.end());
    if (n_filled) ++*n_filled;
  }
  std::sort(out.notes.begin(), out.notes.end(), [](const music::Note& a, const music::Note& b) { return a.start_step < b.start_step; });
  return out;
}

Arrangement arrange(const std::vector<music::Melody>& phrases, const std::vector<bool>& section_ends,
                    const ArrangementOptions& options) {
  if (phrases.empty()) throw InputError("a piece needs at least one phrase");
  if (section_ends.size() != phrases.size()) {
    throw InputError("arrange: " + std::to_string(phrases.size()) + " phrases but " +
                     std::to_string(section_ends.size()) + " section marks");
  }
  Arrangement a;
  a.key = options.key ? *options.key : music::detect_key(phrases.front().notes.empty() ? music::concatenate(phrases)
                                                                                      : phrases.front());
  // Each phrase: into the key, its repeated 16th runs held, its leaps folded; the motif into the corpora's
  // register and every other phrase by octaves next to it.
  const auto shaped = [&](const music::Melody& p) {
    return fold_register_outliers(tie_repeated_notes(fit_to_key(p, a.key), options.shaping), options.shaping);
  };
  music::Melody motif = shaped(phrases.front());
  motif = shift_octaves(motif, centre_octaves(motif, options.shaping));
  std::vector<music::Melody> fitted;
  std::vector<int64_t> section_starts;
  int64_t step = 0;
  for (size_t i = 0; i < phrases.size(); ++i) {
    music::Melody p = fill_silent_bars(align_octave(shaped(phrases[i]), mean_pitch(motif)), motif, a.key,
                                       &a.n_filled_bars);
    const bool last = i + 1 == phrases.size();
    if (section_ends[i] || last) p = end_on_stable_note(p, a.key, last);
    a.phrase_starts.push_back(step);
    if (i > 0 && section_ends[i - 1]) section_starts.push_back(step);
    step += p.n_steps;
    fitted.push_back(std::move(p));
  }
  a.melody = music::concatenate(fitted);
  a.chords = harmonise(a.melody, a.key, options.harmony);
  a.tracks.push_back({.name = "melody", .program = options.melody_program, .channel = 0, .notes = a.melody.notes});
  for (music::Track& t : accompany(a.chords, a.melody.n_steps, options.accompaniment, options.accompaniment_options,
                                   section_starts)) {
    a.tracks.push_back(std::move(t));
  }
  return a;
}

}  // namespace vec2midi::compose
