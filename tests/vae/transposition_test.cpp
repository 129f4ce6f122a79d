#include "vae/transposition.hpp"

#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "music/constants.hpp"

namespace vec2midi::vae {
namespace {

using music::note_on_event;

std::vector<uint8_t> window_with(std::initializer_list<int> pitches) {
  std::vector<uint8_t> w{music::kNoEvent, music::kNoteOff};
  for (const int p : pitches) w.push_back(static_cast<uint8_t>(note_on_event(p)));
  return w;
}

TEST(Transposition, BoundsAreTheFullRangeInTheMiddleOfTheKeyboard) {
  EXPECT_EQ(transposition_bounds(window_with({60, 67}), 5), std::make_pair(-5, 5));
}

TEST(Transposition, BoundsStopAtTheHighestPitch) {
  EXPECT_EQ(transposition_bounds(window_with({60, 106}), 5), std::make_pair(-5, 2));
}

TEST(Transposition, BoundsStopAtTheLowestPitch) {
  EXPECT_EQ(transposition_bounds(window_with({22, 50}), 5), std::make_pair(-1, 5));
}

TEST(Transposition, EmptyWindowMayMoveAnywhereInRange) {
  EXPECT_EQ(transposition_bounds(std::vector<uint8_t>(8, music::kNoEvent), 5), std::make_pair(-5, 5));
}

TEST(Transposition, MovesNoteOnsOnlyAndKeepsSpecialEvents) {
  std::vector<uint8_t> w = window_with({60, 64});
  transpose_events(w, 3);
  EXPECT_EQ(w, window_with({63, 67}));
  EXPECT_EQ(w[0], music::kNoEvent);
  EXPECT_EQ(w[1], music::kNoteOff);
}

TEST(Transposition, RefusesToLeaveTheKeyboard) {
  std::vector<uint8_t> w = window_with({107});
  EXPECT_THROW(transpose_events(w, 2), Error);
}

TEST(Transposition, RandomShiftsStayInBoundsAndCoverThem) {
  const std::vector<uint8_t> w = window_with({60, 105});  // bounds -5..3
  std::mt19937_64 rng(9);
  std::set<int> seen;
  for (int i = 0; i < 2000; ++i) {
    const int s = random_transposition(w, 5, rng);
    ASSERT_GE(s, -5);
    ASSERT_LE(s, 3);
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), 9u);
}

TEST(Transposition, RangeZeroNeverMoves) {
  std::mt19937_64 rng(1);
  EXPECT_EQ(random_transposition(window_with({60}), 0, rng), 0);
}

}  // namespace
}  // namespace vec2midi::vae
