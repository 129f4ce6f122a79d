// The search objective (MISSION.md §5; issue 6 item 3): for coefficients a, draw triplets (anchor,
// positive, negative) from the train embeddings, map them through the transition, decode 16 steps
// greedily, and sum the hinge max(d(A,P,+) - d(A,N,-) + 0.8, 0); the mean over 2 batches of 1,024.
// Usage: TripletObjective f(decoder, transition, split.train, {}); double loss = f.evaluate(a, index);
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <span>
#include <vector>

#include "io/random_stream.hpp"
#include "music/melody_distance.hpp"
#include "search/embedding_set.hpp"
#include "transition/transition.hpp"
#include "vae/melody_decoder.hpp"

namespace vec2midi::search {

/// The objective's settings; defaults are the original's (MISSION.md §5, music_learning.py evaluate()).
struct ObjectiveOptions {
  int64_t n_triplets = 1024;   ///< triplets per batch (§5)
  int64_t n_batches = 2;       ///< batches averaged (§5)
  int64_t n_steps = 16;        ///< decoded 16th-note steps (§5: length = 16, one bar)
  double margin = 0.8;         ///< hinge margin (§5)
  bool penalty = true;         ///< the distance's line-length penalty (§5 uses it)
  bool fixed_triplets = false; ///< same triplets for every candidate (common random numbers); original: fresh
  uint64_t seed = 0;           ///< base seed of the triplet generators
};

/// Item indices of a batch of triplets.
struct Triplets {
  std::vector<int64_t> anchor;
  std::vector<int64_t> positive;
  std::vector<int64_t> negative;
};

/// n triplets as the original's get_batch_random (§5): anchor class uniform over the classes; anchor and
/// positive two different items of it; negative a random item of class (anchor + k) mod C, k uniform in
/// 1..C-1. `by_class[c]` lists the item indices of class c. Throws InputError if a class has < 2 items.
Triplets draw_triplets(const std::vector<std::vector<int64_t>>& by_class, int64_t n, std::mt19937_64& gen);

/// Σ_t max(d(A_t, P_t, positive) - d(A_t, N_t, negative) + margin, 0) over the triplets, with `features`
/// indexed by item.
double triplet_hinge_loss(std::span<const music::MelodyFeatures> features, const Triplets& triplets, double margin,
                          bool penalty);

/// Decodes the train items `items` of an evaluation at coefficients a: their events [items, n_steps] (greedy).
using ItemsDecoder = std::function<std::vector<uint8_t>(std::span<const double> a, std::span<const int64_t> items)>;

/// The loss of a candidate a. Deterministic given (a, evaluation index): the triplets of batch b of
/// evaluation i come from io::item_generator(seed, i·n_batches + b) (or b alone with fixed triplets), so
/// that a resumed search redraws what the killed one would have drawn.
class TripletObjective {
 public:
  /// Keeps references to `decoder` and `transition` (they must outlive the objective).
  TripletObjective(const vae::MelodyDecoder& decoder, const transition::Transition& transition, EmbeddingSet train,
                   ObjectiveOptions options);

  /// Mean hinge loss over the batches (lower is better).
  double evaluate(std::span<const double> a, int64_t evaluation_index) const;

  const ObjectiveOptions& options() const { return options_; }

  /// The events [items, n_steps] of train items `items` decoded at a, in this process.
  std::vector<uint8_t> decode_items(std::span<const double> a, std::span<const int64_t> items) const;

  /// Decodes each evaluation's items with `decoder` instead of decode_items (search/split_decodes.hpp spreads
  /// them over the ranks of an MPI run); the loss is the same.
  void set_items_decoder(ItemsDecoder decoder) { items_decoder_ = std::move(decoder); }

 private:
  const vae::MelodyDecoder& decoder_;
  const transition::Transition& transition_;
  EmbeddingSet train_;
  std::vector<std::vector<int64_t>> by_class_;
  ObjectiveOptions options_;
  ItemsDecoder items_decoder_;
};

/// The events [N, n_steps] decoded greedily from embeddings [N, E] row-major through m = transition.combine(a),
/// in chunks of `chunk` rows.
std::vector<uint8_t> decode_events(const vae::MelodyDecoder& decoder, const transition::Transition& transition,
                                   std::span<const float> m, std::span<const float> embeddings, int64_t n_steps,
                                   int64_t chunk = 2048);

/// The features of each melody of events [N, n_steps].
std::vector<music::MelodyFeatures> melody_features_of(std::span<const uint8_t> events, int64_t n_steps);

/// Features of the melodies decoded greedily from embeddings [N, E] (decode_events, then their features).
std::vector<music::MelodyFeatures> decode_features(const vae::MelodyDecoder& decoder, const transition::Transition& transition,
                                                   std::span<const float> m, std::span<const float> embeddings,
                                                   int64_t n_steps, int64_t chunk = 2048);

}  // namespace vec2midi::search
