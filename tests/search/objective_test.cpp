#include "search/objective.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "io/random_stream.hpp"
#include "search_fixtures.hpp"
#include "vae/sampling.hpp"

namespace vec2midi::search {
namespace {

music::MelodyFeatures features(std::vector<music::Note> notes) {
  music::Melody m;
  m.notes = std::move(notes);
  return music::melody_features(m);
}

TEST(DrawTriplets, AnchorAndPositiveShareAClassAndDiffer) {
  const std::vector<int> labels = {0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8};
  const auto by_class = indices_by_class(labels, 9);
  std::mt19937_64 gen(5);
  const Triplets t = draw_triplets(by_class, 500, gen);
  ASSERT_EQ(t.anchor.size(), 500u);
  for (size_t i = 0; i < 500; ++i) {
    EXPECT_EQ(labels[size_t(t.anchor[i])], labels[size_t(t.positive[i])]);
    EXPECT_NE(t.anchor[i], t.positive[i]);
    EXPECT_NE(labels[size_t(t.anchor[i])], labels[size_t(t.negative[i])]);
  }
}

TEST(DrawTriplets, ClassWithOneItemIsAnInputError) {
  std::mt19937_64 gen(1);
  EXPECT_THROW(draw_triplets({{0, 1}, {2}}, 3, gen), InputError);
}

TEST(TripletHingeLoss, SumsTheHingeOverTriplets) {
  // Items 0 and 1 identical (distance 0); item 2 empty: d(A, N, negative) = -100.
  const std::vector<music::MelodyFeatures> f = {features({{60, 0, 4}, {62, 4, 8}}), features({{60, 0, 4}, {62, 4, 8}}),
                                                features({})};
  Triplets t{{0}, {1}, {2}};
  // max(0 - (-100) + 0.8, 0) = 100.8 (line length 4 is inside 3..7: no penalty)
  EXPECT_DOUBLE_EQ(triplet_hinge_loss(f, t, 0.8, true), 100.8);
  Triplets swapped{{0}, {2}, {1}};
  // d(A, P = empty, positive) = 100; d(A, N, negative) = 0 -> 100.8
  EXPECT_DOUBLE_EQ(triplet_hinge_loss(f, swapped, 0.8, true), 100.8);
}

struct TinySetup {
  vae::MelodyDecoder decoder = testing::tiny_decoder();
  transition::Transition transition{transition::TransitionOptions{.n_matrices = 6, .seed = 2, .latent_size = 8, .embedding_size = 4}};
  EmbeddingSet train = testing::random_embeddings(6, 4, 1);
};

TEST(TripletObjective, SameIndexGivesTheSameLoss) {
  TinySetup s;
  const TripletObjective f(s.decoder, s.transition, s.train, {.n_triplets = 64});
  const std::vector<double> a = {0.05, -0.03, 0.01, 0.07, -0.06, 0.02};
  EXPECT_DOUBLE_EQ(f.evaluate(a, 3), f.evaluate(a, 3));
}

TEST(TripletObjective, FreshTripletsDifferBetweenEvaluations) {
  TinySetup s;
  const TripletObjective fresh(s.decoder, s.transition, s.train, {.n_triplets = 64});
  const TripletObjective fixed(s.decoder, s.transition, s.train, {.n_triplets = 64, .fixed_triplets = true});
  const std::vector<double> a = {0.05, -0.03, 0.01, 0.07, -0.06, 0.02};
  EXPECT_NE(fresh.evaluate(a, 0), fresh.evaluate(a, 1));
  EXPECT_DOUBLE_EQ(fixed.evaluate(a, 0), fixed.evaluate(a, 1));
}

TEST(TripletObjective, EqualsTheHingeOfDecodingEveryTripletRow) {
  TinySetup s;
  const ObjectiveOptions o{.n_triplets = 32, .n_batches = 1, .seed = 4};
  const TripletObjective f(s.decoder, s.transition, s.train, o);
  const std::vector<double> a = {0.07, 0.07, -0.07, 0.03, -0.01, 0.05};
  // Reference: decode all 3·32 rows as the original did, then the hinge per triplet.
  std::mt19937_64 gen = io::item_generator(4, 0);
  const Triplets t = draw_triplets(indices_by_class(s.train.labels, 9), 32, gen);
  std::vector<int64_t> rows;
  for (const auto* list : {&t.anchor, &t.positive, &t.negative}) rows.insert(rows.end(), list->begin(), list->end());
  const auto decoded = decode_features(s.decoder, s.transition, s.transition.combine(a), s.train.rows(rows), 16);
  double expected = 0.0;
  for (size_t i = 0; i < 32; ++i) {
    const double ap = music::melody_distance(decoded[i], decoded[32 + i], true, true);
    const double an = music::melody_distance(decoded[i], decoded[64 + i], false, true);
    expected += std::max(ap - an + 0.8, 0.0);
  }
  EXPECT_DOUBLE_EQ(f.evaluate(a, 0), expected);
}

// An items decoder (search/split_decodes.hpp spreads it over ranks) is asked for exactly the evaluation's distinct
// items; the loss from its events is the loss of decoding them in place, and a wrong-sized answer is an error.
TEST(TripletObjective, AnItemsDecoderGivesTheSameLoss) {
  TinySetup s;
  const ObjectiveOptions o{.n_triplets = 48, .n_batches = 2, .seed = 9};
  const TripletObjective plain(s.decoder, s.transition, s.train, o);
  TripletObjective hooked(s.decoder, s.transition, s.train, o);
  std::vector<int64_t> asked;
  hooked.set_items_decoder([&](std::span<const double> a, std::span<const int64_t> items) {
    asked.assign(items.begin(), items.end());
    // Decoded in two halves, as two ranks would.
    const size_t half = items.size() / 2;
    std::vector<uint8_t> events = plain.decode_items(a, items.first(half));
    const std::vector<uint8_t> rest = plain.decode_items(a, items.subspan(half));
    events.insert(events.end(), rest.begin(), rest.end());
    return events;
  });
  const std::vector<double> a = {0.07, -0.02, 0.05, 0.03, -0.06, 0.01};
  EXPECT_EQ(hooked.evaluate(a, 3), plain.evaluate(a, 3));
  EXPECT_TRUE(std::is_sorted(asked.begin(), asked.end()));
  EXPECT_EQ(std::adjacent_find(asked.begin(), asked.end()), asked.end());  // each item once
  EXPECT_GT(asked.size(), 9u);
  hooked.set_items_decoder([](std::span<const double>, std::span<const int64_t>) { return std::vector<uint8_t>(5); });
  EXPECT_THROW(hooked.evaluate(a, 3), Error);
}

}  // namespace
}  // namespace vec2midi::search
