// The form of a video's soundtrack: the colours its analysed frames show, turned into phrases on a regular bar
// grid. Each phrase takes the colour most of the frames in its time window show; a colour that goes on into the
// next phrase returns varied (A, A′, A″ …), a colour that changes starts its own motif at the next phrase
// boundary, and a colour that comes back later brings its motif back unvaried. The meter never breaks: a change
// of colour waits for the boundary (at most one phrase, 2 s for a one-bar phrase at 120 qpm).
// Usage: auto phrases = plan_colour_timeline({{0.0, red}, {0.5, red}, {1.0, blue}}, 1.5, 2.0);
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace vec2midi::compose {

/// The colour one analysed frame shows.
struct ColourSample {
  double seconds = 0.0;  ///< the frame's time in the video
  int colour = 0;        ///< its colour class
};

/// One phrase of the soundtrack.
struct TimelinePhrase {
  double start_seconds = 0.0;   ///< where it starts in the video
  int colour = 0;               ///< the colour it is decoded from
  int variation = 0;            ///< 0 = the colour's motif; v > 0 = the v-th phrase in a row of this colour
  std::vector<size_t> samples;  ///< the samples it follows (those of its colour in its window; else the nearest)

  friend bool operator==(const TimelinePhrase&, const TimelinePhrase&) = default;
};

/// Most variations counted before they start again from 1 (compose/latent_variation.hpp: 100 and more are far ones).
inline constexpr int kMaxTimelineVariation = 99;

/// The phrases of a `duration_seconds` long video with phrases of `phrase_seconds`: ceil(duration / phrase) of them
/// (at least one). `samples` must be in time order. Throws InputError if there are no samples or a length is not
/// positive.
std::vector<TimelinePhrase> plan_colour_timeline(std::span<const ColourSample> samples, double duration_seconds,
                                                 double phrase_seconds);

}  // namespace vec2midi::compose
