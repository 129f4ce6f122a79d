// A video's colours over time → the soundtrack's phrases: windows on a regular grid, the majority colour of each,
// variations while a colour lasts, its motif again when it comes back.
#include "compose/colour_timeline.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "support/input_error.hpp"

namespace vec2midi::compose {
namespace {

using testing::input_error_of;

constexpr int kRed = 6, kBlue = 1, kGreen = 2;

// Two samples a second of the given colours, one colour per second.
std::vector<ColourSample> two_a_second(const std::vector<int>& colour_each_second) {
  std::vector<ColourSample> samples;
  for (size_t s = 0; s < colour_each_second.size(); ++s) {
    samples.push_back({double(s), colour_each_second[s]});
    samples.push_back({double(s) + 0.5, colour_each_second[s]});
  }
  return samples;
}

std::vector<int> colours_of(const std::vector<TimelinePhrase>& phrases) {
  std::vector<int> colours;
  for (const TimelinePhrase& p : phrases) colours.push_back(p.colour);
  return colours;
}

std::vector<int> variations_of(const std::vector<TimelinePhrase>& phrases) {
  std::vector<int> v;
  for (const TimelinePhrase& p : phrases) v.push_back(p.variation);
  return v;
}

TEST(ColourTimeline, OnePhraseForEachWindowOfTheVideoAndOneMoreForARest) {
  const auto samples = two_a_second({kRed, kRed, kRed, kRed, kRed});
  EXPECT_EQ(plan_colour_timeline(samples, 4.0, 2.0).size(), 2u);
  EXPECT_EQ(plan_colour_timeline(samples, 5.0, 2.0).size(), 3u);  // the last second gets a phrase of its own
  const auto phrases = plan_colour_timeline(samples, 5.0, 2.0);
  EXPECT_DOUBLE_EQ(phrases[1].start_seconds, 2.0);
  EXPECT_DOUBLE_EQ(phrases[2].start_seconds, 4.0);
  EXPECT_EQ(plan_colour_timeline(samples, 0.5, 2.0).size(), 1u);
}

TEST(ColourTimeline, EachPhraseTakesTheColourMostOfItsFramesShow) {
  // [0, 2): blue 3 of 4; [2, 4): red 2, green 2, a tie that goes to the colour seen first; [4, 6): green 3 of 4.
  std::vector<ColourSample> samples = {{0.0, kRed}, {0.5, kBlue}, {1.0, kBlue}, {1.5, kBlue},
                                       {2.0, kRed}, {2.5, kRed}, {3.0, kGreen}, {3.5, kGreen},
                                       {4.0, kGreen}, {4.5, kRed}, {5.0, kGreen}, {5.5, kGreen}};
  const auto phrases = plan_colour_timeline(samples, 6.0, 2.0);
  EXPECT_EQ(colours_of(phrases), (std::vector<int>{kBlue, kRed, kGreen}));
  EXPECT_EQ(phrases[0].samples, (std::vector<size_t>{1, 2, 3}));  // the frames of its colour only
  EXPECT_EQ(phrases[2].samples, (std::vector<size_t>{8, 10, 11}));
}

TEST(ColourTimeline, AColourThatLastsIsVariedAndOneThatComesBackReturnsAsItsMotif) {
  const auto samples = two_a_second({kRed, kRed, kRed, kRed, kRed, kRed, kBlue, kBlue, kRed, kRed});
  const auto phrases = plan_colour_timeline(samples, 10.0, 2.0);
  EXPECT_EQ(colours_of(phrases), (std::vector<int>{kRed, kRed, kRed, kBlue, kRed}));
  EXPECT_EQ(variations_of(phrases), (std::vector<int>{0, 1, 2, 0, 0}));
}

TEST(ColourTimeline, AChangeOfColourStartsAPhraseAtTheNextBoundaryNotInTheMiddleOfOne) {
  // Blue from 3 s: the window [2, 4) is half red, half blue (a tie, red first); blue owns the phrase from 4 s.
  const auto samples = two_a_second({kRed, kRed, kRed, kBlue, kBlue, kBlue});
  const auto phrases = plan_colour_timeline(samples, 6.0, 2.0);
  EXPECT_EQ(colours_of(phrases), (std::vector<int>{kRed, kRed, kBlue}));
  EXPECT_DOUBLE_EQ(phrases[2].start_seconds, 4.0);
}

TEST(ColourTimeline, AWindowWithoutFramesFollowsTheNearestFrame) {
  // Phrases of 0.25 s against two frames a second: windows 1 and 3 have none. Window 1's middle (0.375 s) is
  // nearer the frame at 0.5 s than the one at 0 s.
  const std::vector<ColourSample> samples = {{0.0, kRed}, {0.5, kBlue}};
  const auto phrases = plan_colour_timeline(samples, 1.0, 0.25);
  ASSERT_EQ(phrases.size(), 4u);
  EXPECT_EQ(colours_of(phrases), (std::vector<int>{kRed, kBlue, kBlue, kBlue}));
  EXPECT_EQ(phrases[1].samples, (std::vector<size_t>{1}));
  EXPECT_EQ(phrases[3].samples, (std::vector<size_t>{1}));
  EXPECT_EQ(variations_of(phrases), (std::vector<int>{0, 0, 1, 2}));
}

TEST(ColourTimeline, VariationsStartAgainBeforeTheyBecomeFarOnes) {
  std::vector<int> colours(2 * (kMaxTimelineVariation + 3), kGreen);
  const auto phrases = plan_colour_timeline(two_a_second(colours), double(colours.size()), 1.0);
  EXPECT_EQ(phrases[size_t(kMaxTimelineVariation)].variation, kMaxTimelineVariation);
  EXPECT_EQ(phrases[size_t(kMaxTimelineVariation) + 1].variation, 1);
}

TEST(ColourTimeline, NoFramesOrNoLengthIsAnInputError) {
  EXPECT_NE(input_error_of([] { plan_colour_timeline({}, 1.0, 1.0); }).find("at least one analysed frame"), std::string::npos);
  const std::vector<ColourSample> one = {{0.0, kRed}};
  EXPECT_NE(input_error_of([&] { plan_colour_timeline(one, 0.0, 1.0); }).find("positive"), std::string::npos);
  EXPECT_NE(input_error_of([&] { plan_colour_timeline(one, 1.0, -1.0); }).find("positive"), std::string::npos);
}

}  // namespace
}  // namespace vec2midi::compose
