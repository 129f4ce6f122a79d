#include "search/objective.hpp"

#include <algorithm>
#include <string>

#include "io/error.hpp"
#include "io/random.hpp"
#include "io/random_stream.hpp"
#include "music/event_codec.hpp"
#include "vision/colour_class.hpp"

namespace vec2midi::search {

Triplets draw_triplets(const std::vector<std::vector<int64_t>>& by_class, int64_t n, std::mt19937_64& gen) {
  const auto n_classes = static_cast<int64_t>(by_class.size());
  for (int64_t c = 0; c < n_classes; ++c) {
    if (by_class[static_cast<size_t>(c)].size() < 2) {
      throw InputError("triplets: class " + std::to_string(c) + " has " +
                       std::to_string(by_class[static_cast<size_t>(c)].size()) + " train items; 2 or more needed");
    }
  }
  Triplets t;
  t.anchor.reserve(static_cast<size_t>(n));
  t.positive.reserve(static_cast<size_t>(n));
  t.negative.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const int64_t anchor_class = io::scaled_index(gen, n_classes);
    const auto& items = by_class[static_cast<size_t>(anchor_class)];
    const auto size = static_cast<int64_t>(items.size());
    const int64_t a = io::scaled_index(gen, size);
    int64_t p = io::scaled_index(gen, size - 1);  // two different items: skip a
    if (p >= a) ++p;
    const int64_t negative_class = (anchor_class + 1 + io::scaled_index(gen, n_classes - 1)) % n_classes;
    const auto& negatives = by_class[static_cast<size_t>(negative_class)];
    t.anchor.push_back(items[static_cast<size_t>(a)]);
    t.positive.push_back(items[static_cast<size_t>(p)]);
    t.negative.push_back(negatives[static_cast<size_t>(io::scaled_index(gen, static_cast<int64_t>(negatives.size())))]);
  }
  return t;
}

double triplet_hinge_loss(std::span<const music::MelodyFeatures> features, const Triplets& triplets, double margin,
                          bool penalty) {
  double sum = 0.0;
  for (size_t i = 0; i < triplets.anchor.size(); ++i) {
    const auto& a = features[static_cast<size_t>(triplets.anchor[i])];
    const double ap = music::melody_distance(a, features[static_cast<size_t>(triplets.positive[i])], true, penalty);
    const double an = music::melody_distance(a, features[static_cast<size_t>(triplets.negative[i])], false, penalty);
    sum += std::max(ap - an + margin, 0.0);
  }
  return sum;
}

std::vector<uint8_t> decode_events(const vae::MelodyDecoder& decoder, const transition::Transition& transition,
                                   std::span<const float> m, std::span<const float> embeddings, int64_t n_steps,
                                   int64_t chunk) {
  const auto e_size = static_cast<size_t>(transition.options().embedding_size);
  const auto n = static_cast<int64_t>(embeddings.size() / e_size);
  std::vector<uint8_t> out;
  out.reserve(static_cast<size_t>(n * n_steps));
  const vae::DecodeOptions decode{.n_steps = n_steps, .temperature = 0.0, .seed = 0};
  for (int64_t first = 0; first < n; first += chunk) {
    const int64_t count = std::min(chunk, n - first);
    // e [count, E] -> z [count, Z] -> events [count, n_steps]
    const std::vector<float> z = transition.apply(m, embeddings.subspan(size_t(first) * e_size, size_t(count) * e_size));
    const std::vector<uint8_t> events = decoder.decode(z, decode, first);
    out.insert(out.end(), events.begin(), events.end());
  }
  return out;
}

std::vector<music::MelodyFeatures> melody_features_of(std::span<const uint8_t> events, int64_t n_steps) {
  std::vector<music::MelodyFeatures> out;
  out.reserve(events.size() / static_cast<size_t>(n_steps));
  for (size_t at = 0; at + size_t(n_steps) <= events.size(); at += size_t(n_steps)) {
    out.push_back(music::melody_features(music::events_to_melody(events.subspan(at, size_t(n_steps)))));
  }
  return out;
}

std::vector<music::MelodyFeatures> decode_features(const vae::MelodyDecoder& decoder, const transition::Transition& transition,
                                                   std::span<const float> m, std::span<const float> embeddings,
                                                   int64_t n_steps, int64_t chunk) {
  return melody_features_of(decode_events(decoder, transition, m, embeddings, n_steps, chunk), n_steps);
}

TripletObjective::TripletObjective(const vae::MelodyDecoder& decoder, const transition::Transition& transition, EmbeddingSet train,
                                   ObjectiveOptions options)
    : decoder_(decoder), transition_(transition), train_(std::move(train)), options_(options) {
  if (options_.n_triplets < 1 || options_.n_batches < 1) throw InputError("objective: triplets and batches must be >= 1");
  train_.check("objective: train");
  if (train_.embedding_size != transition_.options().embedding_size) {
    throw InputError("objective: " + std::to_string(train_.embedding_size) + "-d train embeddings for a transition of " +
                     std::to_string(transition_.options().embedding_size) + "-d embeddings");
  }
  by_class_ = indices_by_class(train_.labels, vision::kNumClasses);
  for (size_t c = 0; c < by_class_.size(); ++c) {
    if (by_class_[c].size() < 2) {
      throw InputError("objective: class " + std::string(vision::kClassNames[c]) + " has " +
                       std::to_string(by_class_[c].size()) + " train embeddings; the triplets need 2 or more");
    }
  }
}

std::vector<uint8_t> TripletObjective::decode_items(std::span<const double> a, std::span<const int64_t> items) const {
  return decode_events(decoder_, transition_, transition_.combine(a), train_.rows(items), options_.n_steps);
}

double TripletObjective::evaluate(std::span<const double> a, int64_t evaluation_index) const {
  std::vector<Triplets> batches;
  for (int64_t b = 0; b < options_.n_batches; ++b) {
    const int64_t stream = options_.fixed_triplets ? b : evaluation_index * options_.n_batches + b;
    std::mt19937_64 gen = io::item_generator(options_.seed, stream);
    batches.push_back(draw_triplets(by_class_, options_.n_triplets, gen));
  }
  // Greedy decoding is a function of the embedding: decode each distinct item of all batches once and index into
  // it (the same losses as decoding all 3·n_triplets rows of every batch, at a fraction of the cost).
  std::vector<int64_t> used;
  for (const Triplets& t : batches) {
    for (const auto* list : {&t.anchor, &t.positive, &t.negative}) used.insert(used.end(), list->begin(), list->end());
  }
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  const std::vector<uint8_t> events = items_decoder_ ? items_decoder_(a, used) : decode_items(a, used);
  if (events.size() != used.size() * static_cast<size_t>(options_.n_steps)) {
    throw Error("objective: the items decoder returned " + std::to_string(events.size()) + " events for " +
                std::to_string(used.size()) + " items");
  }
  const auto decoded = melody_features_of(events, options_.n_steps);
  std::vector<music::MelodyFeatures> features(static_cast<size_t>(train_.size()));
  for (size_t i = 0; i < used.size(); ++i) features[static_cast<size_t>(used[i])] = decoded[i];
  double total = 0.0;
  for (const Triplets& t : batches) total += triplet_hinge_loss(features, t, options_.margin, options_.penalty);
  return total / static_cast<double>(options_.n_batches);
}

}  // namespace vec2midi::search
