#include "compose/colour_timeline.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "io/error.hpp"

namespace vec2midi::compose {
namespace {

// The colour most samples in [begin, end) show; a tie goes to the colour seen first.
int majority_colour(std::span<const ColourSample> samples, size_t begin, size_t end) {
  std::map<int, int> counts;
  int best = samples[begin].colour;
  for (size_t i = begin; i < end; ++i) {
    const int n = ++counts[samples[i].colour];
    if (n > counts[best]) best = samples[i].colour;
  }
  return best;
}

size_t nearest_sample(std::span<const ColourSample> samples, double seconds) {
  size_t best = 0;
  for (size_t i = 1; i < samples.size(); ++i) {
    if (std::abs(samples[i].seconds - seconds) < std::abs(samples[best].seconds - seconds)) best = i;
  }
  return best;
}

}  // namespace

std::vector<TimelinePhrase> plan_colour_timeline(std::span<const ColourSample> samples, double duration_seconds,
                                                 double phrase_seconds) {
  if (samples.empty()) throw InputError("a soundtrack needs at least one analysed frame");
  if (!(duration_seconds > 0) || !(phrase_seconds > 0)) {
    throw InputError("a soundtrack needs a positive length and phrase length");
  }
  const auto n_phrases = std::max<size_t>(1, size_t(std::ceil(duration_seconds / phrase_seconds - 1e-9)));
  std::vector<TimelinePhrase> phrases;
  size_t next = 0;  // first sample not yet in a window
  for (size_t p = 0; p < n_phrases; ++p) {
    TimelinePhrase phrase;
    phrase.start_seconds = double(p) * phrase_seconds;
    const double end = phrase.start_seconds + phrase_seconds;
    const size_t begin = next;
    while (next < samples.size() && (samples[next].seconds < end || p + 1 == n_phrases)) ++next;
    if (begin == next) {
      const size_t i = nearest_sample(samples, phrase.start_seconds + phrase_seconds / 2);
      phrase.colour = samples[i].colour;
      phrase.samples = {i};
    } else {
      phrase.colour = majority_colour(samples, begin, next);
      for (size_t i = begin; i < next; ++i) {
        if (samples[i].colour == phrase.colour) phrase.samples.push_back(i);
      }
    }
    if (!phrases.empty() && phrases.back().colour == phrase.colour) {
      phrase.variation = phrases.back().variation % kMaxTimelineVariation + 1;
    }
    phrases.push_back(std::move(phrase));
  }
  return phrases;
}

}  // namespace vec2midi::compose
