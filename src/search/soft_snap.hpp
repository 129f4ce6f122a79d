// The soft snap (issue 26): each embedding replaced by the colour centres averaged with the weights of its class
// posterior, a point between the raw embedding (compose --continuous) and its nearest centre (the default
// pipeline). The posterior is the original scheme's own data model (MISSION.md §1): class c is
// N(mean_c, diag(std_c / 10)), the classes equally likely; `temperature` multiplies the variances (1: the model as
// it is; larger: softer weights; towards 0: the nearest centre). Why: on the original network's geometry the pairs
// of different colours that collide are samples near a class boundary; the posterior-weighted centre keeps them
// apart from both classes while pulling each class together, which no linear map of the raw embedding can do
// (docs/SEARCH.md, "The soft snap").
// Usage: EmbeddingSet snapped = soft_snap(split.train, centres, 1.0);
#pragma once

#include <vector>

#include "search/embedding_set.hpp"
#include "vision/colour_centres.hpp"

namespace vec2midi::search {

/// Class posteriors of `points` [N, E] row-major under N(mean_c, diag(temperature · std_c / 10)), equal priors:
/// [N, C] row-major, each row summing to 1 (computed in double, log-sum-exp). A variance below 1e-12 counts as
/// 1e-12. Throws InputError if temperature is not positive and finite or the sizes disagree.
std::vector<double> class_posteriors(std::span<const float> points, const vision::ColourCentres& centres,
                                     double temperature);

/// `set` with every embedding replaced by Σ_c p(c | e) mean_c (class_posteriors); labels unchanged.
EmbeddingSet soft_snap(const EmbeddingSet& set, const vision::ColourCentres& centres, double temperature);

}  // namespace vec2midi::search
