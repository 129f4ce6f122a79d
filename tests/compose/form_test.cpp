#include "compose/form.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace vec2midi::compose {
namespace {

int64_t bars_of(const std::vector<FormPhrase>& form) {
  int64_t bars = 0;
  for (const FormPhrase& p : form) bars += p.n_bars;
  return bars;
}

TEST(Form, EveryLengthAddsUpToItsBars) {
  for (int64_t bars : kFormBars) {
    for (int materials = 1; materials <= 4; ++materials) EXPECT_EQ(bars_of(plan_form(bars, materials)), bars) << bars;
  }
}

TEST(Form, EightBarsAreAABA) {
  EXPECT_EQ(form_text(plan_form(8, 2)), "A A′ B A″");
  const auto form = plan_form(8, 2);
  EXPECT_EQ(form[0].role, PhraseRole::kMotif);
  EXPECT_EQ(form[1].role, PhraseRole::kVariation);
  EXPECT_EQ(form[2].role, PhraseRole::kEpisode);
  EXPECT_EQ(form[2].material, 1);
  EXPECT_EQ(form[3].material, 0);
}

TEST(Form, SixteenBarsAreARondoWithTransitionsBackToA) {
  const auto form = plan_form(16, 3);
  EXPECT_EQ(form_text(form), "A A′ B T A″ C T A‴");
  EXPECT_EQ(form[3].role, PhraseRole::kTransition);
  EXPECT_EQ(form[3].material, 1);
  EXPECT_EQ(form[3].to_material, 0);
  EXPECT_EQ(form[5].material, 2);
}

TEST(Form, TheMotifOpensAndTheRefrainsReturnToIt) {
  for (int64_t bars : kFormBars) {
    const auto form = plan_form(bars, 3);
    EXPECT_EQ(form.front().role, PhraseRole::kMotif);
    EXPECT_EQ(form.front().variation, 0);
    EXPECT_EQ(form.back().material, 0) << "a piece ends on its own colour";
    EXPECT_TRUE(form.back().section_end);
  }
}

TEST(Form, RefrainVariationsAreAllDifferent) {
  const auto form = plan_form(32, 4);
  std::vector<int> seen;
  for (const FormPhrase& p : form) {
    if (p.material != 0 || p.role == PhraseRole::kTransition) continue;
    EXPECT_EQ(std::count(seen.begin(), seen.end(), p.variation), 0) << p.label;
    seen.push_back(p.variation);
  }
}

TEST(Form, WithOneMaterialEpisodesAreFarVariationsOfTheMotif) {
  const auto form = plan_form(8, 1);
  EXPECT_EQ(form[2].role, PhraseRole::kEpisode);
  EXPECT_EQ(form[2].material, 0);
  EXPECT_GE(form[2].variation, 100);
  EXPECT_EQ(form[2].label, "B");
}

TEST(Form, ARepeatedMaterialIsPrimed) {
  const auto form = plan_form(32, 2);  // episodes B B′, then B″ B‴, then B⁗ …
  EXPECT_EQ(form[2].label, "B");
  EXPECT_EQ(form[3].label, "B′");
  EXPECT_EQ(form[7].label, "B″");
}

TEST(Form, OneAndTwoBarsAreTheSinglePhrase) {
  EXPECT_EQ(plan_form(1, 4).size(), 1u);
  EXPECT_EQ(plan_form(1, 4)[0].n_bars, 1);
  EXPECT_EQ(plan_form(2, 4)[0].n_bars, 2);
}

TEST(Form, BadLengthsAndMaterialsThrow) {
  EXPECT_THROW(plan_form(3, 1), InputError);
  EXPECT_THROW(plan_form(64, 1), InputError);
  EXPECT_THROW(plan_form(8, 0), InputError);
}

}  // namespace
}  // namespace vec2midi::compose
