#include "compose/form.hpp"

#include <algorithm>
#include <string>

#include "io/error.hpp"

namespace vec2midi::compose {
namespace {

// Primes that mark the A phrases' variations: A, A′, A″, A‴, then A⁗ and A⁽ⁿ⁾.
std::string primed(const std::string& letter, int variation) {
  static const char* const kPrimes[] = {"", "′", "″", "‴", "⁗"};
  if (variation < 5) return letter + kPrimes[variation];
  return letter + "(" + std::to_string(variation) + ")";
}

// The letter of episode material m (B for the first contrasting colour, C, D …).
std::string episode_letter(int material) { return std::string(1, char('A' + material)); }

class FormBuilder {
 public:
  explicit FormBuilder(int n_materials) : n_materials_(n_materials) {}

  void refrains(int n) {
    for (int i = 0; i < n; ++i) refrain();
    form_.back().section_end = true;
  }

  void refrain() {
    FormPhrase p{.label = primed("A", refrains_), .role = refrains_ ? PhraseRole::kVariation : PhraseRole::kMotif,
                 .material = 0, .variation = refrains_};
    ++refrains_;
    form_.push_back(p);
  }

  // An episode of n phrases on the next contrasting material; with `transition` its last phrase leads back to A.
  // A material heard before comes back varied (B, later B″ …).
  void episode(int n_phrases, bool transition) {
    const bool own_material = n_materials_ > 1;
    const int material = own_material ? 1 + episodes_ % (n_materials_ - 1) : 0;
    // With one material, an episode is a far variation of the motif (numbered beyond the refrains' range).
    const std::string letter = episode_letter(own_material ? material : 1 + episodes_);
    const int first = own_material ? uses_[size_t(material)] : 0;
    const int base_variation = own_material ? first : kFarVariation + 10 * episodes_;
    for (int i = 0; i < n_phrases; ++i) {
      form_.push_back({.label = primed(letter, first + i), .role = PhraseRole::kEpisode, .material = material,
                       .variation = base_variation + i});
    }
    if (own_material) uses_[size_t(material)] += n_phrases;
    if (transition) {
      form_.push_back({.label = "T", .role = PhraseRole::kTransition, .material = material, .variation = base_variation,
                       .to_material = 0});
    }
    form_.back().section_end = true;
    ++episodes_;
  }

  std::vector<FormPhrase> take() {
    form_.back().section_end = true;
    return std::move(form_);
  }

  /// Variations from this number on are the far ones that stand for a missing second colour.
  static constexpr int kFarVariation = 100;

 private:
  int n_materials_;
  int refrains_ = 0, episodes_ = 0;
  std::vector<int> uses_ = std::vector<int>(size_t(n_materials_), 0);  // phrases decoded from each material so far
  std::vector<FormPhrase> form_;
};

}  // namespace

std::vector<FormPhrase> plan_form(int64_t n_bars, int n_materials) {
  if (n_materials < 1) throw InputError("a form needs at least one material, got " + std::to_string(n_materials));
  FormBuilder b(n_materials);
  switch (n_bars) {
    case 1:
    case 2: {
      b.refrain();
      auto form = b.take();
      form.front().n_bars = n_bars;
      return form;
    }
    case 4:  // A A′
      b.refrains(2);
      return b.take();
    case 8:  // A A′ B A″
      b.refrains(2);
      b.episode(1, false);
      b.refrains(1);
      return b.take();
    case 16:  // A A′ B T A″ C T A‴ (three materials)
      b.refrains(2);
      b.episode(1, true);
      b.refrains(1);
      b.episode(1, true);
      b.refrains(1);
      return b.take();
    case 32:  // A A′ B B′ T A″ A‴ C C′ T A⁗ A(5) D D′ T A(6) (four materials)
      b.refrains(2);
      b.episode(2, true);
      b.refrains(2);
      b.episode(2, true);
      b.refrains(2);
      b.episode(2, true);
      b.refrains(1);
      return b.take();
    default:
      throw InputError("bars must be 1, 2, 4, 8, 16 or 32, got " + std::to_string(n_bars));
  }
}

std::string form_text(const std::vector<FormPhrase>& form) {
  std::string text;
  for (const FormPhrase& p : form) text += (text.empty() ? "" : " ") + p.label;
  return text;
}

std::string role_name(PhraseRole role) {
  switch (role) {
    case PhraseRole::kMotif: return "motif";
    case PhraseRole::kVariation: return "variation";
    case PhraseRole::kEpisode: return "episode";
    case PhraseRole::kTransition: return "transition";
  }
  return "motif";
}

}  // namespace vec2midi::compose
