// The form of a piece: which latent material each 2-bar phrase is decoded from. The attention colour's
// phrase is the motif (A); its variations (A′, A″ …) are small latent moves of it; the palette's other
// colours give the contrasting episodes (B, C …); a transition phrase (T) slerps from an episode back
// towards A. The result is a rondo — A A′ B A″ at 8 bars, A A′ B T A″ C T A‴ at 16 — the form that
// keeps returning to the picture's own colour while the other colours have their say.
// Usage: for (const FormPhrase& p : plan_form(16, 3)) ...;  // 8 phrases, episodes from materials 1 and 2
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vec2midi::compose {

/// What a phrase is in the form.
enum class PhraseRole { kMotif, kVariation, kEpisode, kTransition };

/// One phrase of the form.
struct FormPhrase {
  std::string label;        ///< "A", "A′", "B", "T" … as a musician writes the form
  PhraseRole role = PhraseRole::kMotif;
  int material = 0;         ///< latent source: 0 = the attention colour, i = the palette's i-th other colour
  int variation = 0;        ///< 0 = the material itself; v > 0 = its v-th variation (a small latent move)
  int to_material = -1;     ///< kTransition only: decoded halfway on the great circle from `material` to this one
  int64_t n_bars = 2;       ///< bars decoded (2; 1 for a one-bar piece)
  bool section_end = false; ///< ends a section: its last note is a cadence, the drums start a new section after it

  friend bool operator==(const FormPhrase&, const FormPhrase&) = default;
};

/// Piece lengths a form exists for (bars).
inline constexpr int64_t kFormBars[] = {1, 2, 4, 8, 16, 32};

/// The form of an n_bars piece (one of kFormBars) with `n_materials` latent sources (>= 1: the attention
/// colour and n_materials - 1 other palette colours). With a single material the episodes are far
/// variations of the motif. Throws InputError for another length or n_materials < 1.
std::vector<FormPhrase> plan_form(int64_t n_bars, int n_materials);

/// The labels joined by spaces ("A A′ B A″").
std::string form_text(const std::vector<FormPhrase>& form);

/// "motif", "variation", "episode" or "transition".
std::string role_name(PhraseRole role);

}  // namespace vec2midi::compose
